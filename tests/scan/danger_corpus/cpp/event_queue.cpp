// event_queue.cpp: a small thread-safe queue and a log writer, no marked lines (false-positive check).
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace events {

struct Event {
  std::string name;
  std::string payload;
  std::chrono::system_clock::time_point at;
};

class Queue {
 public:
  explicit Queue(std::size_t capacity) : capacity_(capacity) {}

  bool push(Event e) {
    std::unique_lock lock(mu_);
    if (items_.size() >= capacity_) return false;
    items_.push_back(std::move(e));
    cv_.notify_one();
    return true;
  }

  std::optional<Event> pop(std::chrono::milliseconds wait) {
    std::unique_lock lock(mu_);
    if (!cv_.wait_for(lock, wait, [this] { return !items_.empty(); })) return std::nullopt;
    Event e = std::move(items_.front());
    items_.pop_front();
    return e;
  }

 private:
  std::size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Event> items_;
};

class LogWriter {
 public:
  explicit LogWriter(std::filesystem::path dir) : dir_(std::move(dir)) {
    std::filesystem::create_directories(dir_);
  }

  void write(const Event& e) {
    auto t = std::chrono::system_clock::to_time_t(e.at);
    std::ostringstream line;
    line << std::put_time(std::gmtime(&t), "%FT%TZ") << ' ' << e.name << ' ' << e.payload << '\n';
    std::ofstream out(dir_ / "events.log", std::ios::app);
    out << line.str();
  }

 private:
  std::filesystem::path dir_;
};

// Simulated load for benchmarks: reproducible on purpose.
std::vector<Event> synthetic_events(std::size_t n) {
  std::mt19937 gen(12345);
  std::uniform_int_distribution<int> kind(0, 2);
  static const char* names[] = {"login", "purchase", "logout"};
  std::vector<Event> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    out.push_back({names[kind(gen)], "user=" + std::to_string(i), std::chrono::system_clock::now()});
  return out;
}

std::string hex(const std::vector<std::uint8_t>& bytes) {
  std::ostringstream out;
  for (auto b : bytes) out << std::hex << std::setw(2) << std::setfill('0') << static_cast<int>(b);
  return out.str();
}

void run(Queue& q, LogWriter& log, const bool& stop) {
  while (!stop) {
    if (auto e = q.pop(std::chrono::milliseconds(100))) log.write(*e);
  }
}

}  // namespace events

int main() {
  events::Queue q(1024);
  events::LogWriter log("/var/log/events");
  bool stop = false;
  std::thread worker(events::run, std::ref(q), std::ref(log), std::cref(stop));
  for (auto& e : events::synthetic_events(100)) q.push(std::move(e));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  stop = true;
  worker.join();
  return 0;
}
