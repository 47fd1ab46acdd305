// Minimal RFC 4180 CSV: the sweep tables are written and read back (resume,
// report) with these, and pandas.read_csv reads them unaided.
#ifndef EDGETUNE_EXPERIMENTS_TABLES_CSV_H_
#define EDGETUNE_EXPERIMENTS_TABLES_CSV_H_

#include <cstddef>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace experiments {

// `field` as one CSV field: quoted (with quotes doubled) when it holds a
// comma, quote or line break; verbatim otherwise.
std::string csv_field(std::string_view field);

// A number in the shortest form that reads back to the same double; empty
// for NaN (pandas reads an empty field as NaN).
std::string csv_number(double value);

// Joins fields (already escaped with csv_field/csv_number) into one line
// without the trailing newline.
std::string csv_line(const std::vector<std::string>& fields);

// Splits one line (no trailing newline) into unescaped fields.
std::vector<std::string> parse_csv_line(std::string_view line);

// Every complete line of a CSV file (header first), without newlines; a
// final line without its newline (a write cut short) is left out. An absent
// file gives no lines. Fields never hold line breaks in our tables, so a
// line is a row.
std::vector<std::string> read_complete_lines(const std::string& path);

// The complete lines of a file one at a time (read_complete_lines gathers
// them): for tables too big to hold. An absent file has no lines. A line
// longer than kMaxLineBytes is refused (core::InputError naming the file and
// line): no table of ours has one, and /dev/zero would be one line forever.
class LineReader {
 public:
  static constexpr std::size_t kMaxLineBytes = std::size_t{1} << 20;

  explicit LineReader(const std::string& path);
  // The next complete line (without its newline) into `line`; false at the
  // end, or before a last line cut short (then unterminated() holds it).
  bool next(std::string& line);
  // How many lines next() has given.
  std::size_t lines_read() const { return lines_read_; }
  // How many bytes have been read from the file so far.
  std::size_t bytes_read() const { return bytes_read_; }
  // After next() returned false: the text after the last newline ("" when
  // the file ended with one).
  const std::string& unterminated() const { return unterminated_; }

 private:
  std::string path_;
  std::ifstream in_;
  std::vector<char> buffer_;
  std::size_t begin_ = 0, end_ = 0;  // the unread part of buffer_
  std::size_t lines_read_ = 0, bytes_read_ = 0;
  std::string unterminated_;
};

// runs.csv (or trials.csv) as columns by name: every field as text.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string path;  // where it was read from, for errors ("" when built in memory)

  // The column's index; throws core::InputError naming the file and column.
  std::size_t column(const std::string& name) const;
  // The field as a number ("" -> NaN); throws core::InputError naming the
  // file, row and column when it is not one.
  double number(std::size_t row, std::size_t column) const;
};

// Reads a CSV file written by a sweep. Throws core::InputError naming the
// file when it is missing or empty.
CsvTable read_csv_table(const std::string& path);

}  // namespace experiments

#endif  // EDGETUNE_EXPERIMENTS_TABLES_CSV_H_
