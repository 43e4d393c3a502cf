// The UI tests own one QApplication for the whole run, created before and destroyed after the
// tests (a function-static one is destroyed after main returns, which crashes Qt).

#include <execinfo.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <QApplication>
#include <csignal>

namespace {

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
/// A crash prints its stack before the process dies (the sanitizer builds print their own): a
/// station test that crashed once in CI left nothing but "SEGFAULT". The executables export
/// their symbols (tests/CMakeLists.txt), so that the frames have names.
void printStackAndDie(int signal) {
  static const char kHeader[] = "\n*** fatal signal in a UI test; its stack:\n";
  (void)!write(STDERR_FILENO, kHeader, sizeof kHeader - 1);
  void* frames[64];
  const int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}
#endif

}  // namespace

int main(int argc, char** argv) {
#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
  for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) std::signal(s, printStackAndDie);
#endif
  ::testing::InitGoogleTest(&argc, argv);
  if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
  }
  QApplication app(argc, argv);
  return RUN_ALL_TESTS();
}
