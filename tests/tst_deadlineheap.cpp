// The workers' deadline heap (src/engine/deadlineheap.h): tasks come out earliest first
// however they were armed, re-armed (earlier and later) and disarmed, each knows whether it
// is armed, and nothing is left behind. Checked against a std::multimap doing the same.

#include <deadlineheap.h>

#include <QRandomGenerator>
#include <QTest>

#include <map>
#include <memory>
#include <vector>

namespace {
struct Task final : WorkerTask
{
    int id = 0;
    void expire() override {}
};
} // namespace

class TestDeadlineHeap : public QObject
{
    Q_OBJECT

private slots:
    void earliestFirst()
    {
        DeadlineHeap heap;
        QVERIFY(heap.isEmpty());
        Task a, b, c;
        heap.arm(&a, 30);
        heap.arm(&b, 10);
        heap.arm(&c, 20);
        QVERIFY(a.isArmed() && b.isArmed() && c.isArmed());
        QCOMPARE(heap.earliestMs(), 10);
        QCOMPARE(heap.takeEarliest(), &b);
        QVERIFY(!b.isArmed());
        QCOMPARE(heap.takeEarliest(), &c);
        QCOMPARE(heap.takeEarliest(), &a);
        QVERIFY(heap.isEmpty());
    }

    void rearmMovesTheDeadline()
    {
        DeadlineHeap heap;
        Task a, b;
        heap.arm(&a, 10);
        heap.arm(&b, 20);
        heap.arm(&a, 30); // later: b comes first now
        QCOMPARE(heap.takeEarliest(), &b);
        heap.arm(&b, 40);
        heap.arm(&b, 5); // earlier again
        QCOMPARE(heap.earliestMs(), 5);
        QCOMPARE(heap.takeEarliest(), &b);
        QCOMPARE(heap.takeEarliest(), &a);
        QVERIFY(heap.isEmpty());
    }

    void disarmAnywhere()
    {
        DeadlineHeap heap;
        Task a;
        heap.disarm(&a); // not armed: nothing happens
        QVERIFY(!a.isArmed());
        QVERIFY(heap.isEmpty());
        Task tasks[7];
        for (int i = 0; i < 7; ++i)
            heap.arm(&tasks[i], 100 - 10 * i);
        heap.disarm(&tasks[6]); // the earliest
        heap.disarm(&tasks[0]); // the latest
        heap.disarm(&tasks[3]); // one in the middle
        QVERIFY(!tasks[6].isArmed() && !tasks[0].isArmed() && !tasks[3].isArmed());
        for (int i : {5, 4, 2, 1})
            QCOMPARE(heap.takeEarliest(), &tasks[i]);
        QVERIFY(heap.isEmpty());
    }

    // Many random arms, re-arms, disarms and takes, against a multimap: the same due times
    // come out in the same order, and the heap holds exactly the tasks the reference does.
    void randomAgainstReference()
    {
        QRandomGenerator random(20261206);
        constexpr int count = 500;
        std::vector<std::unique_ptr<Task>> tasks;
        for (int i = 0; i < count; ++i) {
            tasks.push_back(std::make_unique<Task>());
            tasks.back()->id = i;
        }
        std::map<int, qint64> reference; // task id -> due
        DeadlineHeap heap;
        for (int step = 0; step < 50000; ++step) {
            const int op = random.bounded(10);
            Task *task = tasks[size_t(random.bounded(count))].get();
            if (op < 5) {
                const qint64 due = random.bounded(1000);
                heap.arm(task, due);
                reference[task->id] = due;
            } else if (op < 8) {
                heap.disarm(task);
                reference.erase(task->id);
            } else if (!reference.empty()) {
                qint64 earliest = std::numeric_limits<qint64>::max();
                for (const auto &[id, due] : reference)
                    earliest = qMin(earliest, due);
                QCOMPARE(heap.earliestMs(), earliest);
                WorkerTask *taken = heap.takeEarliest();
                const int id = static_cast<Task *>(taken)->id;
                QCOMPARE(reference.at(id), earliest); // one of the tasks due first
                QVERIFY(!taken->isArmed());
                reference.erase(id);
            }
            QCOMPARE(task->isArmed(), reference.count(task->id) == 1);
            QCOMPARE(heap.isEmpty(), reference.empty());
        }
        // Draining gives every remaining task once, in due order.
        qint64 last = -1;
        size_t drained = 0;
        while (!heap.isEmpty()) {
            WorkerTask *taken = heap.takeEarliest();
            const int id = static_cast<Task *>(taken)->id;
            QVERIFY(reference.count(id));
            QVERIFY(reference.at(id) >= last);
            last = reference.at(id);
            ++drained;
        }
        QCOMPARE(drained, reference.size());
        for (const auto &task : tasks)
            QVERIFY(!task->isArmed());
    }
};

QTEST_APPLESS_MAIN(TestDeadlineHeap)
#include "tst_deadlineheap.moc"
