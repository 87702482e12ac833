// The worker threads' event dispatcher (src/engine/platform/workerdispatcher.h): everything a
// Qt event loop relies on — posted events and quit from other threads, timers, socket
// notifiers, nested loops — on real threads and real sockets, and the Poller handing it its
// sockets so a wake-up is one epoll_wait().

#include <platform/poller.h>
#include <platform/workerdispatcher.h>

#include <QElapsedTimer>
#include <QEventLoop>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <functional>
#include <QSocketNotifier>

#if defined(Q_OS_LINUX)
#include <poll.h>
#include <sys/socket.h>
#endif
#include <memory>

namespace {

// A QThread running a fresh worker dispatcher, stopped and joined on destruction.
class DispatcherThread
{
public:
    DispatcherThread()
    {
        if (QAbstractEventDispatcher *dispatcher = Platform::createWorkerEventDispatcher())
            m_thread.setEventDispatcher(dispatcher);
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
        m_thread.start();
    }
    ~DispatcherThread() { stop(); }
    // Ends the loop from the calling thread; true once the thread has finished.
    bool stop()
    {
        if (m_context) {
            QMetaObject::invokeMethod(m_context, [c = m_context] { delete c; }, Qt::BlockingQueuedConnection);
            m_context = nullptr;
        }
        m_thread.quit();
        return m_thread.wait(30000);
    }
    QThread &thread() { return m_thread; }
    // Runs f in the thread and waits for it.
    template<typename F>
    void run(F f)
    {
        QMetaObject::invokeMethod(m_context, f, Qt::BlockingQueuedConnection);
    }
    QObject *context() { return m_context; }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
};

} // namespace

class WorkerDispatcherTest : public QObject
{
    Q_OBJECT

private slots:
    void createdWhereSupported();
#if defined(Q_OS_LINUX)
    void queuedCallsFromManyThreadsArriveAndQuitStops();
    void singleShotTimerFiresOnceAndNotEarly();
    void repeatingTimerKeepsItsPaceAndStops();
    void timerStoppedByAnEarlierTimerInTheSameRoundDoesNotFire();
    void zeroTimerAndDeleteLaterRun();
    void nestedEventLoopInsideATimer();
    void qtSocketsEchoThroughItsNotifiers();
    void pollerSharesTheDispatchersEpollSet();
    void exclusiveWatchChangesItsInterest();
    void notifierRemovedByAnotherOfTheSameBatchStaysSilent();
    void nestedLoopInsideABatchFreesNothingEarly();
    void excludingSocketNotifiersStillSleeps();
    void hangUpReachesAnExceptionNotifier();
#endif
};

void WorkerDispatcherTest::createdWhereSupported()
{
    std::unique_ptr<QAbstractEventDispatcher> dispatcher(Platform::createWorkerEventDispatcher());
#if defined(Q_OS_LINUX)
    QVERIFY(qobject_cast<WorkerEventDispatcher *>(dispatcher.get()));
    qputenv("PORTIER_WORKER_DISPATCHER", "qt");
    std::unique_ptr<QAbstractEventDispatcher> qtOne(Platform::createWorkerEventDispatcher());
    qunsetenv("PORTIER_WORKER_DISPATCHER");
    QVERIFY(!qtOne);
#else
    QVERIFY(!dispatcher); // Qt's own dispatcher runs the workers here
#endif
}

#if defined(Q_OS_LINUX)

void WorkerDispatcherTest::queuedCallsFromManyThreadsArriveAndQuitStops()
{
    auto thread = std::make_unique<DispatcherThread>();
    QVERIFY(qobject_cast<WorkerEventDispatcher *>(thread->thread().eventDispatcher()));
    std::atomic<int> received{0};
#if defined(__SANITIZE_THREAD__)
    // Each queued call's hand-over is a (suppressed) report to ThreadSanitizer, and their
    // cost grows with their number: 20,000 would take it many minutes.
    constexpr int perThread = 500;
#else
    constexpr int perThread = 5000;
#endif
    constexpr int posters = 4;
    std::vector<std::unique_ptr<QThread>> threads;
    for (int i = 0; i < posters; ++i) {
        threads.emplace_back(QThread::create([&] {
            for (int n = 0; n < perThread; ++n)
                QMetaObject::invokeMethod(thread->context(), [&] { received.fetch_add(1); }, Qt::QueuedConnection);
        }));
        threads.back()->start();
    }
    for (auto &t : threads)
        QVERIFY(t->wait(10000));
    QTRY_COMPARE_WITH_TIMEOUT(received.load(), posters * perThread, 30000);

    // quit() from this thread interrupts a loop blocked in epoll_wait with nothing to do:
    // nothing else would ever wake it, so that the thread ends at all is the proof (the
    // bound only ends a failing run; no stopwatch to trip on a loaded machine).
    QTest::qWait(50);
    QVERIFY(thread->stop());
}

void WorkerDispatcherTest::singleShotTimerFiresOnceAndNotEarly()
{
    DispatcherThread thread;
    std::atomic<int> fired{0};
    std::atomic<qint64> elapsedMs{-1};
    auto *clock = new QElapsedTimer;
    thread.run([&, clock] {
        clock->start();
        QTimer::singleShot(40, Qt::PreciseTimer, thread.context(), [&, clock] {
            elapsedMs = clock->elapsed();
            fired.fetch_add(1);
        });
    });
    QTRY_COMPARE_WITH_TIMEOUT(fired.load(), 1, 5000);
    QTest::qWait(100);
    QCOMPARE(fired.load(), 1);
    QVERIFY2(elapsedMs.load() >= 40, qPrintable(QString::number(elapsedMs.load())));
    delete clock;
}

void WorkerDispatcherTest::repeatingTimerKeepsItsPaceAndStops()
{
    DispatcherThread thread;
    std::atomic<int> ticks{0};
    QTimer *timer = nullptr;
    thread.run([&] {
        timer = new QTimer(thread.context());
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(10);
        QObject::connect(timer, &QTimer::timeout, [&] { ticks.fetch_add(1); });
        timer->start();
    });
    QTest::qWait(300);
    int remaining = -2;
    thread.run([&] {
        remaining = timer->remainingTime();
        timer->stop();
    });
    const int seen = ticks.load();
    // 300 ms at 10 ms: 30 if the thread always got the CPU; a loaded machine (CI running
    // other tests beside it) loses some, but a stalled or runaway timer shows either way.
    QVERIFY2(seen >= 3 && seen <= 31, qPrintable(QString::number(seen)));
    QVERIFY2(remaining >= 0 && remaining <= 10, qPrintable(QString::number(remaining)));
    QTest::qWait(60);
    QCOMPARE(ticks.load(), seen);
}

void WorkerDispatcherTest::timerStoppedByAnEarlierTimerInTheSameRoundDoesNotFire()
{
    DispatcherThread thread;
    std::atomic<int> firstFired{0};
    std::atomic<int> secondFired{0};
    thread.run([&] {
        auto *first = new QTimer(thread.context());
        auto *second = new QTimer(thread.context());
        for (QTimer *t : {first, second}) {
            t->setSingleShot(true);
            t->setTimerType(Qt::PreciseTimer);
        }
        QObject::connect(first, &QTimer::timeout, [&, second] {
            firstFired.fetch_add(1);
            second->stop();
        });
        QObject::connect(second, &QTimer::timeout, [&] { secondFired.fetch_add(1); });
        first->start(30);
        second->start(30);
        // Both are due in the same round once the thread sleeps past them.
        QThread::msleep(60);
    });
    QTRY_COMPARE_WITH_TIMEOUT(firstFired.load(), 1, 5000);
    QTest::qWait(100);
    QCOMPARE(secondFired.load(), 0);
}

void WorkerDispatcherTest::zeroTimerAndDeleteLaterRun()
{
    DispatcherThread thread;
    std::atomic<int> zeroFired{0};
    std::atomic<bool> destroyed{false};
    thread.run([&] {
        QTimer::singleShot(0, thread.context(), [&] { zeroFired.fetch_add(1); });
        auto *doomed = new QObject;
        QObject::connect(doomed, &QObject::destroyed, [&] { destroyed = true; });
        doomed->deleteLater();
    });
    QTRY_VERIFY_WITH_TIMEOUT(destroyed.load(), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(zeroFired.load(), 1, 5000);
    QTest::qWait(50);
    QCOMPARE(zeroFired.load(), 1);
}

void WorkerDispatcherTest::nestedEventLoopInsideATimer()
{
    DispatcherThread thread;
    std::atomic<int> outerTicks{0};
    std::atomic<int> innerCalls{0};
    std::atomic<bool> nestedDone{false};
    thread.run([&] {
        auto *timer = new QTimer(thread.context());
        timer->setInterval(5);
        QObject::connect(timer, &QTimer::timeout, [&, timer] {
            if (outerTicks.fetch_add(1) != 0)
                return;
            // A nested loop inside this timer's own event: queued calls and other timers run,
            // this timer must not re-enter itself.
            QEventLoop loop;
            QMetaObject::invokeMethod(thread.context(), [&] { innerCalls.fetch_add(1); }, Qt::QueuedConnection);
            QTimer::singleShot(50, &loop, &QEventLoop::quit);
            loop.exec();
            nestedDone = outerTicks.load() == 1;
            timer->stop();
        });
        timer->start();
    });
    QTRY_VERIFY_WITH_TIMEOUT(innerCalls.load() == 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(nestedDone.load(), 5000);
}

void WorkerDispatcherTest::qtSocketsEchoThroughItsNotifiers()
{
    // QTcpServer and QTcpSocket in the dispatcher's thread use QSocketNotifiers for accept,
    // read and write; 4 MiB echoed back intact proves they are driven correctly.
    DispatcherThread thread;
    quint16 port = 0;
    thread.run([&] {
        auto *server = new QTcpServer(thread.context());
        if (!server->listen(QHostAddress::LocalHost))
            return; // port stays 0: checked below, in the test's thread
        port = server->serverPort();
        QObject::connect(server, &QTcpServer::newConnection, server, [server] {
            while (QTcpSocket *socket = server->nextPendingConnection()) {
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->write(socket->readAll()); });
                QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    });
    QVERIFY(port != 0);
    for (int round = 0; round < 3; ++round) {
        QTcpSocket client;
        client.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(client.waitForConnected(5000));
        QByteArray sent(4 * 1024 * 1024, Qt::Uninitialized);
        for (int i = 0; i < sent.size(); ++i)
            sent[i] = char((i * 131 + round) & 0xff);
        client.write(sent);
        QByteArray received;
        QElapsedTimer clock;
        clock.start();
        while (received.size() < sent.size() && clock.elapsed() < 20000) {
            if (client.waitForReadyRead(1000))
                received += client.readAll();
        }
        QCOMPARE(received.size(), sent.size());
        QVERIFY(received == sent);
        client.disconnectFromHost();
    }
}

namespace {
struct CountingHandler final : PollHandler
{
    std::atomic<int> readable{0};
    Net::Socket socket = Net::invalidSocket;
    void handleEvents(quint32 events) override
    {
        if (events & Readable) {
            char buffer[256];
            int error = 0;
            if (Net::receive(socket, buffer, sizeof buffer, &error) > 0)
                readable.fetch_add(1);
        }
    }
};
} // namespace

void WorkerDispatcherTest::pollerSharesTheDispatchersEpollSet()
{
    // Raw sockets from the engine's platform corner: nothing of Qt's reads them.
    int error = 0;
    const Net::Socket listener = Net::listenTcp({QHostAddress::LocalHost, 0}, 8, &error);
    QVERIFY(listener != Net::invalidSocket);
    Net::Socket client = Net::invalidSocket;
    QVERIFY(Net::connectTcp(Net::localEndpoint(listener), &client, &error) != Net::ConnectStatus::Failed);
    Net::Socket accepted = Net::invalidSocket;
    for (int i = 0; i < 500 && accepted == Net::invalidSocket; ++i) {
        Net::Endpoint peer;
        accepted = Net::accept(listener, &peer, &error);
        if (accepted == Net::invalidSocket)
            QThread::msleep(2);
    }
    QVERIFY(accepted != Net::invalidSocket);

    DispatcherThread thread;
    Poller *poller = nullptr;
    CountingHandler handler;
    handler.socket = accepted;
    std::atomic<int> batches{0};
    bool shared = false;
    thread.run([&] {
        poller = new Poller;
        shared = poller->usesWorkerDispatcher();
        poller->setBatchHooks([&] { batches.fetch_add(1); }, [] {});
        poller->watch(handler.socket, PollHandler::Readable, &handler);
    });
    QVERIFY(shared);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(Net::send(client, "x", 1, &error), qint64(1));
        QTRY_COMPARE_WITH_TIMEOUT(handler.readable.load(), i + 1, 5000);
    }
    QVERIFY(batches.load() >= 5);
    thread.run([&] {
        poller->unwatch(handler.socket);
        delete poller;
    });
    Net::close(client);
    Net::close(accepted);
    Net::close(listener);
}


namespace {
// A connected pair of raw non-blocking sockets on 127.0.0.1 (nothing of Qt's reads them).
struct SocketPair
{
    Net::Socket client = Net::invalidSocket;
    Net::Socket server = Net::invalidSocket;
    ~SocketPair()
    {
        for (Net::Socket s : {client, server}) {
            if (s != Net::invalidSocket)
                Net::close(s);
        }
    }
    bool open()
    {
        int error = 0;
        const Net::Socket listener = Net::listenTcp({QHostAddress::LocalHost, 0}, 8, &error);
        if (listener == Net::invalidSocket)
            return false;
        if (Net::connectTcp(Net::localEndpoint(listener), &client, &error) != Net::ConnectStatus::Failed) {
            for (int i = 0; i < 500 && server == Net::invalidSocket; ++i) {
                Net::Endpoint peer;
                server = Net::accept(listener, &peer, &error);
                if (server == Net::invalidSocket)
                    QThread::msleep(2);
            }
        }
        Net::close(listener);
        return server != Net::invalidSocket;
    }
    bool sendByte()
    {
        int error = 0;
        for (int i = 0; i < 500; ++i) { // the non-blocking connect may still be completing
            if (Net::send(client, "x", 1, &error) == 1)
                return true;
            QThread::msleep(2);
        }
        return false;
    }
    // True once the server end has something to read (what sendByte() sent has arrived).
    bool serverReadable(int timeoutMs = 5000) const
    {
        pollfd p{server, POLLIN, 0};
        return ::poll(&p, 1, timeoutMs) == 1;
    }
};

struct CallbackHandler final : PollHandler
{
    std::function<void()> onReadable;
    void handleEvents(quint32 events) override
    {
        if ((events & Readable) && onReadable)
            onReadable();
    }
};
} // namespace

void WorkerDispatcherTest::exclusiveWatchChangesItsInterest()
{
    // Workers watch listening sockets with EPOLLEXCLUSIVE, which the kernel will not let
    // EPOLL_CTL_MOD change: watching such a socket again with another interest must still
    // take effect. (A connected socket with nothing to read is writable at once.)
    SocketPair pair;
    QVERIFY(pair.open());
    struct WritableCounter final : PollHandler
    {
        std::atomic<int> writable{0};
        void handleEvents(quint32 events) override
        {
            if (events & Writable)
                writable.fetch_add(1);
        }
    } handler;
    DispatcherThread thread;
    Poller *poller = nullptr;
    thread.run([&] {
        poller = new Poller;
        poller->watch(pair.server, PollHandler::Readable, &handler, true);
    });
    QTest::qWait(50); // nothing to read: no event may come
    QCOMPARE(handler.writable.load(), 0);
    thread.run([&] { poller->watch(pair.server, PollHandler::Writable, &handler, true); });
    QTRY_VERIFY_WITH_TIMEOUT(handler.writable.load() > 0, 5000);
    thread.run([&] {
        poller->unwatch(pair.server);
        delete poller;
    });
}

void WorkerDispatcherTest::notifierRemovedByAnotherOfTheSameBatchStaysSilent()
{
    // Both sockets are readable before the thread first waits, so one epoll_wait() returns
    // both; whichever notifier runs first deletes the other, which must then get nothing
    // (it is gone: an event for it would reach freed memory).
    SocketPair a;
    SocketPair b;
    QVERIFY(a.open());
    QVERIFY(b.open());
    QVERIFY(a.sendByte());
    QVERIFY(b.sendByte());
    QVERIFY(a.serverReadable());
    QVERIFY(b.serverReadable());
    DispatcherThread thread;
    std::atomic<int> activations{0};
    thread.run([&] {
        auto *na = new QSocketNotifier(qintptr(a.server), QSocketNotifier::Read, thread.context());
        auto *nb = new QSocketNotifier(qintptr(b.server), QSocketNotifier::Read, thread.context());
        auto pair = std::make_shared<std::pair<QSocketNotifier *, QSocketNotifier *>>(na, nb);
        auto onActivated = [&activations, pair](QSocketNotifier *self) {
            activations.fetch_add(1);
            QSocketNotifier *other = self == pair->first ? pair->second : pair->first;
            self->setEnabled(false); // its byte stays unread: level-triggered would repeat
            delete other;
            (self == pair->first ? pair->second : pair->first) = nullptr;
        };
        QObject::connect(na, &QSocketNotifier::activated, na, [onActivated, na] { onActivated(na); });
        QObject::connect(nb, &QSocketNotifier::activated, nb, [onActivated, nb] { onActivated(nb); });
    });
    QTRY_COMPARE_WITH_TIMEOUT(activations.load(), 1, 5000);
    QTest::qWait(100);
    QCOMPARE(activations.load(), 1);
}

void WorkerDispatcherTest::nestedLoopInsideABatchFreesNothingEarly()
{
    // A handler runs an event loop in the middle of a batch; inside it, another batch
    // unwatches a socket whose event the outer batch still holds. The inner batch must not
    // free that entry or run the after-batch hook (which deletes retired sessions); the
    // outer batch must skip the unwatched socket.
    SocketPair outerA;
    SocketPair outerB;
    SocketPair inner;
    QVERIFY(outerA.open());
    QVERIFY(outerB.open());
    QVERIFY(inner.open());
    QVERIFY(outerA.sendByte());
    QVERIFY(outerB.sendByte());
    QVERIFY(outerA.serverReadable());
    QVERIFY(outerB.serverReadable());

    DispatcherThread thread;
    Poller *poller = nullptr;
    CallbackHandler handlerA;
    CallbackHandler handlerB;
    CallbackHandler handlerInner;
    std::atomic<int> calledA{0};
    std::atomic<int> calledB{0};
    std::atomic<int> calledInner{0};
    std::atomic<int> afterHooks{0};
    std::atomic<bool> afterHookWhileNested{false};
    std::atomic<bool> nested{false};
    auto drain = [](Net::Socket socket) {
        char buffer[16];
        int error = 0;
        while (Net::receive(socket, buffer, sizeof buffer, &error) > 0) {
        }
    };
    auto nestedRound = [&](std::atomic<int> &called) {
        if (called.fetch_add(1) != 0)
            return;
        // Both outer sockets go quiet, so the inner loop sees only the inner socket while
        // the outer batch still holds an event for the other one.
        drain(outerA.server);
        drain(outerB.server);
        nested = true;
        QEventLoop loop;
        QTimer::singleShot(10, &loop, [&] { inner.sendByte(); });
        QTimer::singleShot(150, &loop, &QEventLoop::quit);
        loop.exec();
        nested = false;
    };
    handlerA.onReadable = [&] { nestedRound(calledA); };
    handlerB.onReadable = [&] { nestedRound(calledB); };
    handlerInner.onReadable = [&] {
        calledInner.fetch_add(1);
        drain(inner.server);
        // Unwatch whichever outer socket has not run yet.
        poller->unwatch(calledA.load() ? outerB.server : outerA.server);
        poller->unwatch(inner.server);
    };
    thread.run([&] {
        poller = new Poller;
        poller->setBatchHooks([] {},
                              [&] {
                                  afterHooks.fetch_add(1);
                                  if (nested.load())
                                      afterHookWhileNested = true;
                              });
        poller->watch(outerA.server, PollHandler::Readable, &handlerA);
        poller->watch(outerB.server, PollHandler::Readable, &handlerB);
        poller->watch(inner.server, PollHandler::Readable, &handlerInner);
    });
    QVERIFY(poller->usesWorkerDispatcher());
    QTRY_COMPARE_WITH_TIMEOUT(calledInner.load(), 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(afterHooks.load() >= 1 && !nested.load(), 5000);
    QTest::qWait(50);
    QCOMPARE(calledA.load() + calledB.load(), 1); // the other was unwatched before its turn
    QVERIFY(!afterHookWhileNested.load());
    thread.run([&] {
        poller->unwatch(outerA.server);
        poller->unwatch(outerB.server);
        delete poller;
    });
}

void WorkerDispatcherTest::excludingSocketNotifiersStillSleeps()
{
    // QEventLoop::ExcludeSocketNotifiers | WaitForMoreEvents must block until a timer or a
    // posted event, not return at once (which would make such a loop spin).
    DispatcherThread thread;
    // Counted, not timed: a loop that sleeps until the timer takes a pass or two (a
    // stray wake-up may add one); one that returns at once takes thousands in 80 ms.
    int timerPasses = 0;
    thread.run([&] {
        QTimer timer;
        timer.setSingleShot(true);
        timer.setTimerType(Qt::PreciseTimer);
        timer.start(80);
        while (timer.isActive() && timerPasses < 100000) {
            ++timerPasses;
            QAbstractEventDispatcher::instance()->processEvents(QEventLoop::ExcludeSocketNotifiers | QEventLoop::WaitForMoreEvents);
        }
    });
    QVERIFY2(timerPasses >= 1 && timerPasses <= 3, qPrintable(QString::number(timerPasses)));

    std::atomic<int> passes{0};
    std::atomic<bool> posted{false};
    std::atomic<bool> waiting{false};
    std::atomic<bool> done{false};
    // Queued, not blocking: the test's thread stays free to post the wake-up itself.
    QMetaObject::invokeMethod(thread.context(), [&] {
        waiting = true;
        while (!posted.load() && passes.load() < 100000) {
            passes.fetch_add(1);
            QAbstractEventDispatcher::instance()->processEvents(QEventLoop::ExcludeSocketNotifiers | QEventLoop::WaitForMoreEvents);
        }
        done = true;
    }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(waiting.load(), 5000);
    QTest::qWait(100);
    QMetaObject::invokeMethod(thread.context(), [&] { posted = true; }, Qt::QueuedConnection);
    QTRY_VERIFY_WITH_TIMEOUT(done.load(), 5000);
    QVERIFY(posted.load());
    QVERIFY2(passes.load() < 10, qPrintable(QStringLiteral("%1 passes while waiting 100 ms").arg(passes.load())));
}

void WorkerDispatcherTest::hangUpReachesAnExceptionNotifier()
{
    // epoll always reports a hang-up; as with Qt's dispatcher it must reach every notifier
    // of the socket, here one watching for exceptions only, or the report repeats unseen.
    SocketPair pair;
    QVERIFY(pair.open());
    QVERIFY(pair.sendByte());
    DispatcherThread thread;
    std::atomic<int> activations{0};
    QSocketNotifier *notifier = nullptr;
    thread.run([&] {
        notifier = new QSocketNotifier(qintptr(pair.server), QSocketNotifier::Exception, thread.context());
        QObject::connect(notifier, &QSocketNotifier::activated, notifier, [&] {
            activations.fetch_add(1);
            notifier->setEnabled(false);
        });
    });
    QTest::qWait(50);
    QCOMPARE(activations.load(), 0); // an ordinary byte is no exception
    linger reset{1, 0}; // close with RST: the server side sees EPOLLHUP | EPOLLERR
    QCOMPARE(::setsockopt(pair.client, SOL_SOCKET, SO_LINGER, &reset, sizeof reset), 0);
    Net::close(pair.client);
    pair.client = Net::invalidSocket;
    QTRY_COMPARE_WITH_TIMEOUT(activations.load(), 1, 5000);
}

#endif

QTEST_GUILESS_MAIN(WorkerDispatcherTest)
#include "tst_workerdispatcher.moc"
