#pragma once

#include "desktopapisettings.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QTableWidget;

// Preferences > API: the desktop program's control API (on/off, listen address, HTTPS
// certificate and key, tokens) and the remote portierd certificates accepted so far. A new
// token is shown once, here, and kept only as its SHA-256. GUI thread.
class ApiPreferencesPage : public QWidget
{
    Q_OBJECT

public:
    explicit ApiPreferencesPage(QWidget *parent = nullptr);

    void setSettings(const DesktopApiSettings &settings);
    DesktopApiSettings settings() const;
    // "host:port" → SHA-256 of the certificates accepted for remote APIs (KnownCertificates).
    void setKnownCertificates(const QMap<QString, QByteArray> &known);
    QMap<QString, QByteArray> knownCertificates() const { return m_known; }

    // Adds a token and returns it (the only time it exists in full); its digest is kept.
    QByteArray createToken(const QString &name, bool write);
    // The problems of what is typed, one line each ("Listen address: …"); shown under the
    // fields; empty when fine.
    QStringList problems() const;
    QLabel *problemsLabel() const { return m_problems; }
    QCheckBox *enabledCheck() const { return m_enabled; }
    QLineEdit *listenEdit() const { return m_listen; }

private:
    void askNewToken();
    void showTokens();
    void showKnown();
    void updateProblems();

    QCheckBox *m_enabled;
    QLineEdit *m_listen;
    QLineEdit *m_certificate;
    QLineEdit *m_key;
    QTableWidget *m_tokensTable;
    QListWidget *m_knownList;
    QLabel *m_problems;
    QList<ApiTokenConfig> m_tokens;
    QMap<QString, QByteArray> m_known;
};
