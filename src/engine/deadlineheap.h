#pragma once

#include <QtGlobal>

#include <vector>

class DeadlineHeap;

// What a worker owns and times: a session, a rate limit's wake-up, a trim. Its one deadline
// lives in the task itself, so arming allocates nothing (nginx keeps its timer node inside
// the event the same way). Deleted by the worker, after the batch of events in which it
// retired itself, so a pending event never reaches a freed object; it disarms before that.
class WorkerTask
{
public:
    WorkerTask() = default;
    virtual ~WorkerTask() = default;
    Q_DISABLE_COPY_MOVE(WorkerTask) // a copy would carry the original's place in the heap
    virtual void expire() = 0; // its deadline came due (it is no longer armed)
    bool isArmed() const { return m_heapIndex >= 0; }

private:
    friend class DeadlineHeap;
    qint64 m_dueMs = 0;
    int m_heapIndex = -1; // its place in the worker's DeadlineHeap; -1 while not armed
};

// A worker's deadlines: a binary min-heap of tasks by due time, each task knowing its place,
// so arming again, disarming and taking the earliest are O(log n) with no allocation beyond
// the heap's own vector (a std::multimap took a 48-byte node per armed task). Tasks due at
// the same millisecond come out in no particular order. Worker thread only.
class DeadlineHeap
{
public:
    // Arms the task for dueMs, or moves its deadline there if it was armed.
    void arm(WorkerTask *task, qint64 dueMs);
    void disarm(WorkerTask *task); // nothing if it was not armed
    bool isEmpty() const { return m_heap.empty(); }
    qint64 earliestMs() const { return m_heap.front()->m_dueMs; } // not when empty
    WorkerTask *takeEarliest(); // disarmed; not when empty

private:
    void place(WorkerTask *task, size_t index);
    void siftUp(size_t index);
    void siftDown(size_t index);

    std::vector<WorkerTask *> m_heap;
};
