#include "holdfast/bluetooth/QtBleLink.h"

#include <QBluetoothAddress>
#include <QBluetoothDeviceInfo>
#include <QBluetoothLocalDevice>
#include <QBluetoothUuid>
#include <QCoreApplication>
#include <QLowEnergyController>
#include <QLowEnergyService>
#include <QMetaObject>
#include <QThread>
#include <chrono>
#include <mutex>

namespace holdfast::bluetooth {

namespace {

/// Qt Bluetooth needs an application object (its D-Bus connection does); `acquire` has none.
void ensureApplication() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (QCoreApplication::instance()) return;
    static int argc = 1;
    static char name[] = "holdfast";
    static char* argv[] = {name, nullptr};
    static QCoreApplication* app = new QCoreApplication(argc, argv);  // for the process's life
    (void)app;
  });
}

/// Qt Bluetooth's warnings on a link's thread (BlueZ missing, ...; they come uncategorised):
/// kept for the one-line error instead of printed. Other threads' messages go where they went.
std::mutex g_messages_mutex;
std::string g_last_bluetooth_message;
QtMessageHandler g_previous_handler = nullptr;
bool g_handler_installed = false;
thread_local bool t_link_thread = false;

void keepBluetoothMessage(QtMsgType type, const QMessageLogContext& context, const QString& text) {
  if (t_link_thread) {
    std::lock_guard lock(g_messages_mutex);
    g_last_bluetooth_message = text.simplified().toStdString();
    return;
  }
  if (g_previous_handler) g_previous_handler(type, context, text);
}

std::string lastBluetoothMessage() {
  std::lock_guard lock(g_messages_mutex);
  return g_last_bluetooth_message;
}

}  // namespace

/// Lives on the link's thread: every Qt object of the connection, and what the engine gave.
struct QtBleLink::Session : QObject {
  QThread thread;
  std::string address;
  wire::BleServiceDescription service;
  // The link's thread only:
  daq::LinkEvents* events = nullptr;
  std::function<void(std::string)> done;
  QLowEnergyController* controller = nullptr;
  QLowEnergyService* gatt = nullptr;
  QLowEnergyCharacteristic command;
  bool subscribed = false;

  void answer(const std::string& error) {
    if (auto d = std::exchange(done, nullptr)) d(error);
  }

  /// The connection failed or ended: a connect in progress hears why, a stream hears the drop.
  void lost(const std::string& why) {
    const bool was_streaming = subscribed;
    subscribed = false;
    if (done) {
      answer(why);
    } else if (was_streaming && events) {
      events->dropped(why);
    }
    teardown();
  }

  void teardown() {
    if (gatt) gatt->deleteLater();
    gatt = nullptr;
    if (controller) {
      controller->disconnect(this);
      controller->disconnectFromDevice();
      controller->deleteLater();
    }
    controller = nullptr;
    command = {};
  }

  void start(daq::LinkEvents* e, std::function<void(std::string)> d) {
    t_link_thread = true;  // this thread's messages are Qt Bluetooth's
    if (subscribed && controller && controller->state() != QLowEnergyController::UnconnectedState) {
      // Still connected from the last engine (release): no discovery again.
      events = e;
      done = std::move(d);
      answer("");
      return;
    }
    teardown();
    events = e;
    done = std::move(d);
    if (QBluetoothLocalDevice::allDevices().isEmpty()) {
      std::string why = "no Bluetooth adapter on this machine";
      if (const std::string m = lastBluetoothMessage(); !m.empty())
        why += " (Qt Bluetooth: " + m + ")";
      answer(why);
      return;
    }
    QBluetoothDeviceInfo info(QBluetoothAddress(QString::fromStdString(address)), QString(), 0);
    info.setCoreConfigurations(QBluetoothDeviceInfo::LowEnergyCoreConfiguration);
    controller = QLowEnergyController::createCentral(info, this);
    QObject::connect(controller, &QLowEnergyController::connected, this,
                     [this] { controller->discoverServices(); });
    QObject::connect(controller, &QLowEnergyController::errorOccurred, this,
                     [this](QLowEnergyController::Error) {
                       lost(controller ? controller->errorString().toStdString()
                                       : std::string("Bluetooth error"));
                     });
    QObject::connect(controller, &QLowEnergyController::disconnected, this,
                     [this] { lost("the device disconnected"); });
    QObject::connect(controller, &QLowEnergyController::discoveryFinished, this,
                     [this] { openService(); });
    controller->connectToDevice();
  }

  void openService() {
    const QBluetoothUuid uuid(QString::fromStdString(service.service_uuid));
    gatt = controller->createServiceObject(uuid, this);
    if (!gatt) {
      lost("the device does not offer the " + service.name + " service (" + service.service_uuid +
           ")");
      return;
    }
    QObject::connect(gatt, &QLowEnergyService::stateChanged, this,
                     [this](QLowEnergyService::ServiceState s) {
                       if (s == QLowEnergyService::RemoteServiceDiscovered) subscribe();
                     });
    QObject::connect(gatt, &QLowEnergyService::errorOccurred, this,
                     [this](QLowEnergyService::ServiceError e) {
                       lost("the " + service.name + " service failed (Qt error " +
                            std::to_string(static_cast<int>(e)) + ")");
                     });
    QObject::connect(gatt, &QLowEnergyService::characteristicChanged, this,
                     [this](const QLowEnergyCharacteristic& c, const QByteArray& value) {
                       // Stamped here, where the driver's notification reaches Holdfast.
                       const auto arrived = std::chrono::steady_clock::now();
                       if (!subscribed || !events) return;
                       if (c.uuid() != QBluetoothUuid(QString::fromStdString(service.data_uuid)))
                         return;
                       events->notified(std::string(value.constData(), value.size()), arrived);
                     });
    QObject::connect(gatt, &QLowEnergyService::descriptorWritten, this,
                     [this](const QLowEnergyDescriptor&, const QByteArray&) {
                       subscribed = true;
                       answer("");
                     });
    gatt->discoverDetails();
  }

  void subscribe() {
    const QLowEnergyCharacteristic data =
        gatt->characteristic(QBluetoothUuid(QString::fromStdString(service.data_uuid)));
    command = gatt->characteristic(QBluetoothUuid(QString::fromStdString(service.command_uuid)));
    const QLowEnergyDescriptor cccd =
        data.isValid() ? data.clientCharacteristicConfiguration() : QLowEnergyDescriptor();
    if (!data.isValid() || !cccd.isValid()) {
      lost("the device's " + service.name + " service has no data characteristic to notify (" +
           service.data_uuid + ")");
      return;
    }
    gatt->writeDescriptor(cccd, QLowEnergyCharacteristic::CCCDEnableNotification);
  }

  void send(const std::string& bytes) {
    if (!gatt || !command.isValid()) return;  // written to nobody, as to an unplugged port
    const bool quiet = command.properties() & QLowEnergyCharacteristic::WriteNoResponse;
    gatt->writeCharacteristic(
        command, QByteArray(bytes.data(), static_cast<int>(bytes.size())),
        quiet ? QLowEnergyService::WriteWithoutResponse : QLowEnergyService::WriteWithResponse);
  }

  /// The engine let go: nothing more is said to it; the connection stays for the next one.
  void release() {
    events = nullptr;
    if (done) {
      done = nullptr;  // a connect in progress is abandoned
      if (!subscribed) teardown();
    }
  }

  void stop() {
    events = nullptr;
    done = nullptr;
    subscribed = false;
    teardown();
  }
};

QtBleLink::QtBleLink(std::string address, wire::BleService service)
    : address_(std::move(address)), service_(service), session_(std::make_unique<Session>()) {
  ensureApplication();
  {
    std::lock_guard lock(g_messages_mutex);
    if (!g_handler_installed) g_previous_handler = qInstallMessageHandler(keepBluetoothMessage);
    g_handler_installed = true;
  }
  session_->address = address_;
  session_->service = wire::describeBleService(service_);
  session_->thread.setObjectName("hf-ble");
  session_->moveToThread(&session_->thread);
  session_->thread.start();
}

QtBleLink::~QtBleLink() {
  disconnect();
  session_->thread.quit();
  session_->thread.wait();
}

void QtBleLink::connect(daq::LinkEvents& events, std::function<void(std::string)> done) {
  Session* s = session_.get();
  QMetaObject::invokeMethod(
      s, [s, e = &events, d = std::move(done)]() mutable { s->start(e, std::move(d)); },
      Qt::QueuedConnection);
}

void QtBleLink::write(std::string bytes) {
  Session* s = session_.get();
  QMetaObject::invokeMethod(
      s, [s, b = std::move(bytes)] { s->send(b); }, Qt::QueuedConnection);
}

void QtBleLink::release() {
  Session* s = session_.get();
  if (!s->thread.isRunning()) return;
  QMetaObject::invokeMethod(
      s, [s] { s->release(); }, Qt::BlockingQueuedConnection);
}

void QtBleLink::disconnect() {
  // Queued behind the writes already asked for (the stop), and waited for: once it returns the
  // link's thread has let go of the engine.
  Session* s = session_.get();
  if (!s->thread.isRunning()) return;
  QMetaObject::invokeMethod(
      s, [s] { s->stop(); }, Qt::BlockingQueuedConnection);
}

}  // namespace holdfast::bluetooth
