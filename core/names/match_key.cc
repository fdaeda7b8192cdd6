#include "core/names/match_key.h"

#include <unicode/normalizer2.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <unordered_map>
#include <utility>

#include "core/text/utf8.h"

namespace fieldvault::core {
namespace {

// The transliteration chain of the header, in ICU's compound-ID syntax.
// Russian first: its BGN rules know Russian context (word-initial Е -> Ye)
// and give the spellings used in passports (Zh, Kh, Ts, Ch, Sh, Shch).
// Kazakh BGN then takes only the letters Russian lacks, since the Russian
// ones are Latin by then; Any-Latin catches every other script.
constexpr char kTransliteratorId[] =
    "Russian-Latin/BGN; Kazakh-Latin/BGN; Any-Latin; Latin-ASCII";

// Bound of the key cache (NameNormalizer::Impl): ~200 bytes per name, so
// under 4 MiB.
constexpr size_t kCachedKeys = 16384;

enum class CharClass { kKeep, kDelete, kSeparator };

// Marks and in-word punctuation vanish so that "Obʺyedkov", "O'Neil" and
// "Chin·giz" stay one word; everything else that is not a letter or digit
// separates words.
CharClass Classify(UChar32 c) {
  switch (c) {
    case '\'': case '"': case '`': case 0x00B4: case 0x00B7: case 0x2018:
    case 0x2019: case 0x201C: case 0x201D: case 0x02BC: case 0x2027:
      return CharClass::kDelete;
    default:
      break;
  }
  switch (u_charType(c)) {
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_MODIFIER_LETTER:
    case U_FORMAT_CHAR:
      return CharClass::kDelete;
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_OTHER_LETTER: case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: case U_COMBINING_SPACING_MARK:
      return CharClass::kKeep;
    default:
      return CharClass::kSeparator;
  }
}

// Appends `c` (or a separator) to `out`, never leading, doubled or trailing
// (the caller trims the last one).
template <typename Append>
void Emit(UChar32 c, bool& pending_space, bool& have_word, Append append) {
  switch (Classify(c)) {
    case CharClass::kDelete:
      return;
    case CharClass::kSeparator:
      pending_space = have_word;
      return;
    case CharClass::kKeep:
      if (pending_space) append(' ');
      pending_space = false;
      have_word = true;
      append(c);
      return;
  }
}

// The whole pipeline restricted to ASCII input, where NFKC, transliteration
// and mark removal change nothing and case folding is tolower. Most names in
// a Latin-script detainee list take this path, which keeps imports fast.
std::string AsciiKey(std::string_view ascii) {
  std::string key;
  key.reserve(ascii.size());
  bool pending_space = false;
  bool have_word = false;
  for (char ch : ascii) {
    UChar32 c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
    Emit(c, pending_space, have_word,
         [&key](UChar32 k) { key.push_back(static_cast<char>(k)); });
  }
  return key;
}

Status MissingIcuData(UErrorCode status) {
  return Status::Unsupported(
             std::string("this ICU library cannot transliterate names: ") +
             u_errorName(status))
      .WithHint("install the full ICU data (Debian package libicu72)");
}

}  // namespace

struct NameNormalizer::Impl {
  std::unique_ptr<icu::Transliterator> transliterator;
  const icu::Normalizer2* nfkc = nullptr;  // owned by ICU, never freed
  const icu::Normalizer2* nfd = nullptr;
  const icu::Normalizer2* nfc = nullptr;
  // Keys of names that took the ICU path, at most kCachedKeys of them
  // (then it starts afresh). Writers ask for the same name's key several
  // times in a row (the importer to fold lines, the store on write, the
  // search index), a detainee list repeats names (the same person on
  // several lines, a person's every spelling keyed again on each edit),
  // and transliteration is the costly step (tens of microseconds). Only
  // keys are kept: a name that fails (invalid UTF-8, no letters) takes
  // the ICU path each time and fails the same way.
  std::unordered_map<std::string, std::string> cache;
};

NameNormalizer::NameNormalizer(std::unique_ptr<Impl> impl)
    : impl_(std::move(impl)) {}
NameNormalizer::NameNormalizer(NameNormalizer&& other) noexcept = default;
NameNormalizer& NameNormalizer::operator=(NameNormalizer&& other) noexcept =
    default;
NameNormalizer::~NameNormalizer() = default;

// Normalizer2 instances are cheap (ICU caches them); the transliterator
// costs ~15 ms to build, which a command that lists records without
// touching a name should not pay, so it is built on first use.
Result<NameNormalizer> NameNormalizer::Create() {
  auto impl = std::make_unique<Impl>();
  UErrorCode status = U_ZERO_ERROR;
  impl->nfkc = icu::Normalizer2::getNFKCInstance(status);
  impl->nfd = icu::Normalizer2::getNFDInstance(status);
  impl->nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return MissingIcuData(status);
  return NameNormalizer(std::move(impl));
}

Status NameNormalizer::BuildTransliterator() const {
  if (impl_->transliterator != nullptr) return Status::Ok();
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  impl_->transliterator.reset(icu::Transliterator::createInstance(
      icu::UnicodeString(kTransliteratorId, -1, US_INV), UTRANS_FORWARD,
      parse_error, status));
  if (U_FAILURE(status) || impl_->transliterator == nullptr) {
    impl_->transliterator.reset();
    return MissingIcuData(status);
  }
  return Status::Ok();
}

Result<std::string> NameNormalizer::MatchKey(std::string_view utf8) const {
  if (utf8.size() > kMaxNameBytes) {
    return Status::InvalidArgument("name is longer than " +
                                   std::to_string(kMaxNameBytes) + " bytes");
  }
  std::string key;
  if (IsAscii(utf8)) {
    key = AsciiKey(utf8);
  } else if (auto cached = impl_->cache.find(std::string(utf8));
             cached != impl_->cache.end()) {
    return cached->second;
  } else {
    size_t bad = FindInvalidUtf8(utf8);
    if (bad != std::string_view::npos) {
      return Status::InvalidArgument("name is not valid UTF-8 (byte " +
                                     std::to_string(bad + 1) + ")")
          .WithHint("save the file as UTF-8");
    }
    FV_RETURN_IF_ERROR(BuildTransliterator());
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString text = impl_->nfkc->normalize(
        icu::UnicodeString::fromUTF8(
            icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size()))),
        status);
    impl_->transliterator->transliterate(text);
    text.foldCase();
    text = impl_->nfd->normalize(text, status);
    icu::UnicodeString cleaned;
    bool pending_space = false;
    bool have_word = false;
    for (int32_t i = 0; i < text.length(); i = text.moveIndex32(i, 1)) {
      Emit(text.char32At(i), pending_space, have_word,
           [&cleaned](UChar32 k) { cleaned.append(k); });
    }
    cleaned = impl_->nfc->normalize(cleaned, status);
    if (U_FAILURE(status)) {
      return Status::InvalidArgument(
          std::string("cannot normalise name: ") + u_errorName(status));
    }
    cleaned.toUTF8String(key);
    if (!key.empty()) {  // an empty key is the error below
      if (impl_->cache.size() >= kCachedKeys) impl_->cache.clear();
      impl_->cache.emplace(utf8, key);
    }
  }
  if (key.empty()) {
    return Status::InvalidArgument("name has no letters or digits");
  }
  return key;
}

}  // namespace fieldvault::core
