#pragma once

#include <QDialog>

class QLabel;

// Help > About Portier: the versions Portier runs with (its own, Qt's and OpenSSL's, as
// loaded at run time, so a bug report names what was really in use) and the licences of all
// three. OpenSSL's version comes from the engine (TlsLibrary). GUI thread.
class AboutDialog : public QDialog
{
    Q_OBJECT

public:
    explicit AboutDialog(QWidget *parent = nullptr);

    // The version shown for "portier", "qt" and "openssl".
    QString shownVersion(const QString &component) const;

    static QString mitLicence();

private:
    QLabel *m_versions;
};
