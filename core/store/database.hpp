#pragma once
// A thin RAII wrapper over one SQLite connection. Every statement is prepared
// with bound parameters; prepared statements are cached per connection.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace votercast::core::store {

struct DatabaseError : std::runtime_error {
  int code;
  DatabaseError(int c, const std::string& what) : std::runtime_error(what), code(c) {}
};

class Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bind by 1-based index; returns *this for chaining.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind_blob(int index, const void* data, std::size_t size);
  Statement& bind_null(int index);
  template <class T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // Steps once: true while a row is available.
  bool step();
  // Runs to completion (for statements without rows).
  void run();

  std::int64_t int64(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;  // raw bytes
  bool is_null(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

  // Clears bindings and rewinds, ready for reuse from the cache.
  void reset();

  // Every row mapped by read(*this); the statement is reset afterwards.
  template <class Read>
  auto rows(Read read) {
    std::vector<std::invoke_result_t<Read, const Statement&>> out;
    while (step()) out.push_back(read(*this));
    reset();
    return out;
  }
  // The first row mapped by read(*this), if there is one; reset afterwards.
  template <class Read>
  auto first(Read read) {
    std::optional<std::invoke_result_t<Read, const Statement&>> out;
    if (step()) out = read(*this);
    reset();
    return out;
  }
  // The first column of the first row (COUNT, MAX ...); 0 without a row.
  std::int64_t scalar_int64();

 private:
  sqlite3_stmt* stmt_;
};

class Database {
 public:
  enum class Mode { read_write, read_only };
  Database(const std::string& path, Mode mode = Mode::read_write);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // For schema and pragmas only: no user data ever goes through here.
  void exec(const std::string& sql);
  // A cached, reset statement; valid until the connection closes. Not reentrant
  // for the same SQL text (finish one use before the next).
  Statement& prepare(const std::string& sql);

  std::int64_t last_insert_rowid() const;
  int changes() const;
  sqlite3* handle() { return db_; }

 private:
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> cache_;
};

// RAII transaction: BEGIN IMMEDIATE on construction, ROLLBACK unless commit() was called.
class Transaction {
 public:
  explicit Transaction(Database& db) : Transaction(db, "BEGIN IMMEDIATE") {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 protected:
  Transaction(Database& db, const char* begin);

 private:
  Database& db_;
  bool done_ = false;
};

// RAII read transaction: BEGIN (deferred, so it takes no write lock), so that every read
// until end() sees one moment of the file; a throw ends it in the destructor.
class ReadTransaction : private Transaction {
 public:
  explicit ReadTransaction(Database& db) : Transaction(db, "BEGIN") {}
  void end() { commit(); }
};

}  // namespace votercast::core::store
