// Synthetic detainee data for the ingest benchmarks: obviously made-up
// names (roots such as "Тест", "Пример", "Макет" with Russian and Kazakh
// endings, half written in Cyrillic and half in Latin), places and case
// numbers, reproducible from a row number. Never a real person's name.
#ifndef FIELDVAULT_BENCH_SYNTHETIC_DETAINEES_H_
#define FIELDVAULT_BENCH_SYNTHETIC_DETAINEES_H_

#include <array>
#include <cstdint>
#include <string>

namespace fieldvault::bench {

struct SyntheticDetainee {
  std::string name;
  std::string birth_year;
  std::string place_of_arrest;
  std::string place_of_detention;
  std::string case_number;
  std::string legal_status;
  std::string detention_days;
};

inline constexpr std::array<const char*, 16> kRootsCyrillic = {
    "Тест", "Пример", "Макет", "Образец", "Шаблон", "Проб", "Фиктив", "Модел",
    "Синтет", "Эталон", "Черновик", "Условн", "Выборк", "Заготов", "Опыт",
    "Набросок"};
inline constexpr std::array<const char*, 16> kRootsLatin = {
    "Test", "Primer", "Maket", "Obrazets", "Shablon", "Prob", "Fiktiv",
    "Model", "Sintet", "Etalon", "Chernovik", "Uslovn", "Vyborok", "Zagotov",
    "Opyt", "Nabrosok"};
inline constexpr std::array<const char*, 8> kEndingsCyrillic = {
    "ов", "ова", "ев", "ева", "ин", "ина", "бекулы", "бекова"};
inline constexpr std::array<const char*, 8> kEndingsLatin = {
    "ov", "ova", "ev", "eva", "in", "ina", "bekuly", "bekova"};
inline constexpr std::array<const char*, 12> kGivenCyrillic = {
    "Тестбек", "Примерхан", "Макетжан", "Образгуль", "Шаблонай", "Пробек",
    "Фиктивжан", "Моделай", "Синтетбек", "Эталонгуль", "Опытхан", "Выборай"};
inline constexpr std::array<const char*, 12> kGivenLatin = {
    "Testbek", "Primerkhan", "Maketzhan", "Obrazgul", "Shablonay", "Probek",
    "Fiktivzhan", "Modelay", "Sintetbek", "Etalongul", "Opytkhan", "Vyboray"};
inline constexpr std::array<const char*, 6> kPlaces = {
    "Republic Square", "Abay Avenue", "Площадь Синтетики",
    "Testovaya Street", "Проспект Примеров", "Old Square"};
inline constexpr std::array<const char*, 4> kDetentionPlaces = {
    "Synthetic District Police", "Изолятор Пробный", "Test Detention Centre",
    "Отдел Макетный"};
inline constexpr std::array<const char*, 4> kStatuses = {
    "administrative_detention", "released", "fined", "detained_without_charge"};

// Row `i` (0-based). Names repeat every 16*8*12*1000 rows (a numeric
// "family" suffix keeps most of 1M names distinct).
inline SyntheticDetainee MakeDetainee(uint64_t i) {
  const uint64_t mix = i * 2654435761u;
  const bool cyrillic = (i % 2) == 0;
  const size_t root = mix % 16;
  const size_t ending = (mix / 16) % 8;
  const size_t given = (mix / 128) % 12;
  const uint64_t family = (i / 1536) % 1000;
  SyntheticDetainee d;
  d.name = std::string(cyrillic ? kRootsCyrillic[root] : kRootsLatin[root]) +
           (cyrillic ? kEndingsCyrillic[ending] : kEndingsLatin[ending]) +
           std::to_string(family) + " " +
           (cyrillic ? kGivenCyrillic[given] : kGivenLatin[given]);
  d.birth_year = std::to_string(1950 + (mix / 1536) % 55);
  d.place_of_arrest = kPlaces[(mix / 7) % kPlaces.size()];
  d.place_of_detention = kDetentionPlaces[(mix / 11) % kDetentionPlaces.size()];
  d.case_number = "SYN-" + std::to_string(100000 + i);
  d.legal_status = kStatuses[(mix / 13) % kStatuses.size()];
  d.detention_days = d.legal_status == kStatuses[0]
                         ? std::to_string(5 + (mix / 17) % 11)
                         : std::string();
  return d;
}

}  // namespace fieldvault::bench

#endif  // FIELDVAULT_BENCH_SYNTHETIC_DETAINEES_H_
