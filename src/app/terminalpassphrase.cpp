#include "terminalpassphrase.h"

#include <cstdio>
#include <string>

#if defined(Q_OS_WIN)
#include <io.h>
#include <windows.h>
#else
#include <termios.h>
#include <unistd.h>
#endif

namespace {
// Echo off for as long as it lives, restored however the read ends.
class EchoOff
{
public:
    EchoOff()
    {
#if defined(Q_OS_WIN)
        m_input = GetStdHandle(STD_INPUT_HANDLE);
        m_saved = GetConsoleMode(m_input, &m_mode);
        if (m_saved)
            SetConsoleMode(m_input, m_mode & ~DWORD(ENABLE_ECHO_INPUT));
#else
        m_saved = tcgetattr(STDIN_FILENO, &m_mode) == 0;
        if (m_saved) {
            termios quiet = m_mode;
            quiet.c_lflag &= ~tcflag_t(ECHO);
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
#endif
    }
    ~EchoOff()
    {
#if defined(Q_OS_WIN)
        if (m_saved)
            SetConsoleMode(m_input, m_mode);
#else
        if (m_saved)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_mode);
#endif
    }
    EchoOff(const EchoOff &) = delete;
    EchoOff &operator=(const EchoOff &) = delete;

private:
    bool m_saved = false;
#if defined(Q_OS_WIN)
    HANDLE m_input = nullptr;
    DWORD m_mode = 0;
#else
    termios m_mode{};
#endif
};
} // namespace

bool TerminalPassphrase::isInteractive()
{
#if defined(Q_OS_WIN)
    return _isatty(_fileno(stdin));
#else
    return isatty(STDIN_FILENO);
#endif
}

std::optional<QByteArray> TerminalPassphrase::read(const QString &prompt)
{
    const QByteArray text = prompt.toLocal8Bit();
    std::string line;
    {
        const EchoOff quiet; // before the prompt: whatever is typed once it shows is not echoed
        std::fwrite(text.constData(), 1, size_t(text.size()), stderr);
        std::fflush(stderr);
        for (int c; (c = std::fgetc(stdin)) != EOF && c != '\n';)
            line.push_back(char(c));
        if (std::feof(stdin) && line.empty())
            return std::nullopt;
    }
    std::fputc('\n', stderr); // the Enter the terminal did not echo
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    QByteArray passphrase(line.data(), qsizetype(line.size()));
    std::fill(line.begin(), line.end(), '\0');
    return passphrase;
}
