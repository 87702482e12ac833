#pragma once

#include <QFrame>

struct Config;

// The Dashboard's welcome while nothing is configured: three ways to begin (add a listener,
// import an nginx config, open the sample), as buttons that only emit signals; MainWindow
// does the work and hides the guide once the configuration holds anything. GUI thread.
class FirstStartGuide : public QFrame
{
    Q_OBJECT

public:
    explicit FirstStartGuide(QWidget *parent = nullptr);

    // Nothing to show or run: no listener, group or certificate.
    static bool isEmpty(const Config &config);

signals:
    void addListenerRequested();
    void importNginxRequested();
    void openSampleRequested();
};
