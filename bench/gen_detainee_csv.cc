// Writes a synthetic detainee-list CSV (docs/detainee-csv.md) of N rows to
// standard output, for bench/compare_import.sh.
//   gen_detainee_csv 1000000 > detainees.csv
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/synthetic_detainees.h"

int main(int argc, char** argv) {
  const unsigned long long rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10)
                                           : 1000000ULL;
  std::printf("name,birth_date,sex,detained_at,place_of_arrest,"
              "place_of_detention,case_number,legal_status,detention_days,"
              "source\n");
  for (unsigned long long i = 0; i < rows; ++i) {
    fieldvault::bench::SyntheticDetainee d = fieldvault::bench::MakeDetainee(i);
    std::printf("%s,%s,%s,2020-02-22,%s,%s,%s,%s,%s,synthetic monitor\n",
                d.name.c_str(), d.birth_year.c_str(),
                i % 3 == 0 ? "female" : "male", d.place_of_arrest.c_str(),
                d.place_of_detention.c_str(), d.case_number.c_str(),
                d.legal_status.c_str(), d.detention_days.c_str());
  }
  return 0;
}
