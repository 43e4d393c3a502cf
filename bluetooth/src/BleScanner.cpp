#include "holdfast/bluetooth/BleScanner.h"

#include <QBluetoothDeviceDiscoveryAgent>
#include <QBluetoothDeviceInfo>
#include <QBluetoothLocalDevice>
#include <QBluetoothUuid>
#include <QEventLoop>
#include <QTimer>
#include <algorithm>
#include <map>

#include "holdfast/wire/BleServices.h"

namespace holdfast::bluetooth {

namespace {

/// Qt Bluetooth's own messages during a scan, kept for the result instead of printed.
thread_local std::vector<std::string>* qt_messages = nullptr;

void keepMessage(QtMsgType, const QMessageLogContext&, const QString& message) {
  if (qt_messages) qt_messages->push_back(message.simplified().toStdString());
}

/// The Holdfast protocol a device speaks, from what it advertises.
std::string protocolOf(const QBluetoothDeviceInfo& info) {
  for (const wire::BleServiceDescription& s : wire::bleServices()) {
    const QBluetoothUuid uuid(QString::fromStdString(s.service_uuid));
    if (info.serviceUuids().contains(uuid)) return s.name;
  }
  // The Progressor names itself (its advertisement may not list its 128-bit service).
  if (info.name().startsWith("Progressor", Qt::CaseInsensitive)) return "tindeq-progressor";
  return "";
}

}  // namespace

BleScanResult scanBleDevices(std::chrono::milliseconds duration) {
  // BlueZ's absence is said in the result, in one line, not by Qt's warnings on stderr.
  std::vector<std::string> messages;
  qt_messages = &messages;
  const QtMessageHandler previous = qInstallMessageHandler(keepMessage);
  struct Restore {
    QtMessageHandler previous;
    ~Restore() {
      qInstallMessageHandler(previous);
      qt_messages = nullptr;
    }
  } restore{previous};
  BleScanResult result;
  const QList<QBluetoothHostInfo> adapters = QBluetoothLocalDevice::allDevices();
  if (adapters.isEmpty()) {
    result.error = "no Bluetooth adapter on this machine";
    if (!messages.empty()) result.error += " (Qt Bluetooth: " + messages.front() + ")";
    return result;
  }
  result.adapter = true;
  result.adapter_name =
      (adapters.front().name() + " " + adapters.front().address().toString()).toStdString();
  QBluetoothDeviceDiscoveryAgent agent;
  agent.setLowEnergyDiscoveryTimeout(static_cast<int>(duration.count()));
  std::map<std::string, BleDeviceFound> found;  // by address: a device is heard many times
  QEventLoop loop;
  QObject::connect(
      &agent, &QBluetoothDeviceDiscoveryAgent::deviceDiscovered,
      [&](const QBluetoothDeviceInfo& info) {
        if (!(info.coreConfigurations() & QBluetoothDeviceInfo::LowEnergyCoreConfiguration)) return;
        BleDeviceFound d;
        d.name = info.name().toStdString();
        d.address = info.address().toString().toStdString();
        d.rssi_dbm = info.rssi();
        d.protocol = protocolOf(info);
        found[d.address] = d;
      });
  QObject::connect(&agent, &QBluetoothDeviceDiscoveryAgent::finished, &loop, &QEventLoop::quit);
  QObject::connect(&agent, &QBluetoothDeviceDiscoveryAgent::canceled, &loop, &QEventLoop::quit);
  QObject::connect(&agent, &QBluetoothDeviceDiscoveryAgent::errorOccurred, &loop,
                   [&](QBluetoothDeviceDiscoveryAgent::Error) {
                     result.error = agent.errorString().toStdString();
                     loop.quit();
                   });
  // A scan that never finishes (an adapter that hangs) ends at twice its time.
  QTimer::singleShot(static_cast<int>(duration.count()) * 2 + 1000, &loop, &QEventLoop::quit);
  agent.start(QBluetoothDeviceDiscoveryAgent::LowEnergyMethod);
  if (agent.isActive()) loop.exec();
  agent.stop();
  for (auto& [address, d] : found) result.devices.push_back(std::move(d));
  std::sort(
      result.devices.begin(), result.devices.end(),
      [](const BleDeviceFound& a, const BleDeviceFound& b) { return a.rssi_dbm > b.rssi_dbm; });
  return result;
}

}  // namespace holdfast::bluetooth
