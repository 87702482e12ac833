#pragma once

#include "logcapture.h"

#include <enginecontroller.h>
#include <engine.h>
#include <mainwindow.h>

#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QThread>
#include <memory>

// The engine in a thread of its own with its controller, as portier runs it; for the GUI
// tests (header-only: the support library does not link the GUI).
struct EngineFixture
{
    QThread thread;
    Engine *engine = new Engine;
    std::unique_ptr<LogCapture> log;
    std::unique_ptr<EngineController> controller;

    explicit EngineFixture(int statsIntervalMs = 1000)
    {
        engine->setStatsInterval(statsIntervalMs);
        log = std::make_unique<LogCapture>(engine->errorLog());
        engine->moveToThread(&thread);
        QObject::connect(&thread, &QThread::finished, engine, &QObject::deleteLater);
        thread.start();
        controller = std::make_unique<EngineController>(engine);
    }
    ~EngineFixture()
    {
        QMetaObject::invokeMethod(engine, [e = engine] { e->stop(); }, Qt::BlockingQueuedConnection);
        thread.quit();
        thread.wait();
        controller.reset();
    }
};

// The main window on a running engine, with settings in a folder of its own, as the GUI
// tests use it. A prompt the test did not expect is a warning and answers Cancel.
struct WindowFixture
{
    QTemporaryDir dir;
    QSettings settings{dir.filePath(QStringLiteral("settings.ini")), QSettings::IniFormat};
    EngineFixture engine{100};
    MainWindow window{engine.controller.get(), &settings};

    WindowFixture()
    {
        window.setPrompt([](QMessageBox::Icon, const QString &title, const QString &text, QMessageBox::StandardButtons) {
            qWarning("unexpected prompt: %s: %s", qPrintable(title), qPrintable(text));
            return QMessageBox::Cancel;
        });
    }
};
