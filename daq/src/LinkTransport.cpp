// A NotificationLink (a Bluetooth device, or the simulated Progressor) under the engine: each
// notification is one read, handed to the acquisition thread with the time the link stamped;
// a drop is the end of the stream (eof), as an unplugged serial port's. The link's calls come
// from its own thread and are moved onto the io_context; those of a connection already closed
// are recognised by its epoch and ignored.
#include <atomic>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <deque>
#include <future>
#include <optional>

#include "DeviceTransport.h"
#include "holdfast/daq/NotificationLink.h"

namespace holdfast::daq::detail {

namespace asio = boost::asio;

namespace {

class LinkTransport final : public DeviceTransport, private LinkEvents {
 public:
  LinkTransport(asio::io_context& io, const AcquisitionConfig& config)
      : io_(io), link_(config.link), timeout_(config.connect_timeout) {}

  ~LinkTransport() override { link_->release(); }

  /// start(): waits for the connection, at most connect_timeout.
  std::string open() override {
    auto result = std::make_shared<std::promise<std::string>>();
    auto answered = std::make_shared<std::atomic<bool>>(false);
    link_->connect(*this, [result, answered](std::string error) {
      if (!answered->exchange(true)) result->set_value(std::move(error));
    });
    std::future<std::string> f = result->get_future();
    if (f.wait_for(timeout_) != std::future_status::ready) {
      link_->release();
      return "no connection to " + link_->address() + " within " +
             std::to_string(timeout_.count() / 1000) + " s (is it switched on and in range?)";
    }
    std::string error = f.get();
    if (!error.empty()) link_->release();
    return error;
  }

  void reopen(OpenHandler done) override {
    const std::uint64_t epoch = epoch_.load();
    link_->connect(*this, [this, epoch, done = std::move(done)](std::string error) {
      asio::post(io_, [this, epoch, done, error = std::move(error)] {
        if (epoch != epoch_.load()) return;  // closed meanwhile (the operator stopped)
        if (!error.empty()) link_->release();
        done(error);
      });
    });
  }

  void close() override {
    epoch_.fetch_add(1);
    link_->release();  // sends the writes still queued (the stop) first
    pending_ = nullptr;
    inbox_.clear();
    dropped_ = false;
  }

  void asyncRead(ReadHandler handler) override {
    pending_ = std::move(handler);
    if (!inbox_.empty() || dropped_) {
      asio::post(io_, [this, epoch = epoch_.load()] {
        if (epoch == epoch_.load()) deliver();
      });
    }
  }

  void asyncWrite(const std::string& bytes, WriteHandler handler) override {
    link_->write(bytes);
    asio::post(io_, [h = std::move(handler)] { h({}); });
  }

  std::string takeStale() override { return {}; }
  /// A link hands over whole notifications through its handler; nothing waits to be read.
  std::span<const char> readWaiting(Clock::time_point&) override { return {}; }
  [[nodiscard]] std::string where() const override { return link_->address(); }

 private:
  void notified(std::string bytes, Clock::time_point arrived) override {
    asio::post(io_, [this, epoch = epoch_.load(), bytes = std::move(bytes), arrived]() mutable {
      if (epoch != epoch_.load()) return;
      inbox_.emplace_back(std::move(bytes), arrived);
      deliver();
    });
  }

  void dropped(std::string reason) override {
    (void)reason;
    asio::post(io_, [this, epoch = epoch_.load()] {
      if (epoch != epoch_.load()) return;
      dropped_ = true;
      deliver();
    });
  }

  /// Hands the oldest notification (or, once they are all read, the drop) to the waiting read.
  void deliver() {
    if (!pending_) return;
    if (!inbox_.empty()) {
      current_ = std::move(inbox_.front());
      inbox_.pop_front();
      ReadHandler h = std::move(pending_);
      pending_ = nullptr;
      h({}, std::span<const char>(current_.first.data(), current_.first.size()), current_.second);
    } else if (dropped_) {
      ReadHandler h = std::move(pending_);
      pending_ = nullptr;
      h(asio::error::eof, {}, Clock::now());
    }
  }

  asio::io_context& io_;
  std::shared_ptr<NotificationLink> link_;
  std::chrono::milliseconds timeout_;
  std::atomic<std::uint64_t> epoch_{0};
  // Acquisition thread only:
  ReadHandler pending_;
  std::deque<std::pair<std::string, Clock::time_point>> inbox_;
  std::pair<std::string, Clock::time_point> current_;
  bool dropped_ = false;
};

}  // namespace

std::unique_ptr<DeviceTransport> makeLinkTransport(asio::io_context& io,
                                                   const AcquisitionConfig& config) {
  return std::make_unique<LinkTransport>(io, config);
}

}  // namespace holdfast::daq::detail
