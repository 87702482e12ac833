#include "deadlineheap.h"

void DeadlineHeap::arm(WorkerTask *task, qint64 dueMs)
{
    if (task->m_heapIndex < 0) {
        task->m_dueMs = dueMs;
        m_heap.push_back(task);
        task->m_heapIndex = int(m_heap.size() - 1);
        siftUp(m_heap.size() - 1);
        return;
    }
    const qint64 before = task->m_dueMs;
    task->m_dueMs = dueMs;
    if (dueMs < before)
        siftUp(size_t(task->m_heapIndex));
    else if (dueMs > before)
        siftDown(size_t(task->m_heapIndex));
}

void DeadlineHeap::disarm(WorkerTask *task)
{
    if (task->m_heapIndex < 0)
        return;
    const size_t index = size_t(task->m_heapIndex);
    task->m_heapIndex = -1;
    WorkerTask *last = m_heap.back();
    m_heap.pop_back();
    if (last == task)
        return;
    // The last task fills the hole, then moves whichever way its due time says.
    place(last, index);
    if (index > 0 && last->m_dueMs < m_heap[(index - 1) / 2]->m_dueMs)
        siftUp(index);
    else
        siftDown(index);
}

WorkerTask *DeadlineHeap::takeEarliest()
{
    WorkerTask *task = m_heap.front();
    disarm(task);
    return task;
}

void DeadlineHeap::place(WorkerTask *task, size_t index)
{
    m_heap[index] = task;
    task->m_heapIndex = int(index);
}

void DeadlineHeap::siftUp(size_t index)
{
    WorkerTask *task = m_heap[index];
    while (index > 0) {
        const size_t parent = (index - 1) / 2;
        if (m_heap[parent]->m_dueMs <= task->m_dueMs)
            break;
        place(m_heap[parent], index);
        index = parent;
    }
    place(task, index);
}

void DeadlineHeap::siftDown(size_t index)
{
    WorkerTask *task = m_heap[index];
    const size_t size = m_heap.size();
    for (;;) {
        size_t child = 2 * index + 1;
        if (child >= size)
            break;
        if (child + 1 < size && m_heap[child + 1]->m_dueMs < m_heap[child]->m_dueMs)
            ++child;
        if (task->m_dueMs <= m_heap[child]->m_dueMs)
            break;
        place(m_heap[child], index);
        index = child;
    }
    place(task, index);
}
