using System.Collections.Concurrent;

namespace Ocap.Workflow.Sandbox;

/// <summary>
/// A thread-safe cache holding at most a fixed number of entries; when an addition goes past the bound, the entries
/// used least recently are dropped. A hit costs one dictionary read and one interlocked increment (no lock), because
/// the sandbox looks scripts up on every evaluation; only trimming takes a lock.
/// </summary>
/// <remarks>
/// Recency is a logical clock stamped on every hit, so the order is approximate under concurrent hits (two hits in the
/// same instant may be ordered either way). Dropping an entry only costs a re-creation on its next use: the values are
/// derived from their keys.
/// </remarks>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Entry> _entries;
    private readonly Lock _trim = new();
    private long _clock;
    private int _count;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _entries = new ConcurrentDictionary<TKey, Entry>(comparer);
    }

    public int Capacity { get; }

    /// <summary>Entries held now (never more than <see cref="Capacity"/> once an addition has returned, on one thread).</summary>
    public int Count => Volatile.Read(ref _count);

    public TValue GetOrAdd<TState>(TKey key, Func<TKey, TState, TValue> create, TState state)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            Volatile.Write(ref entry.LastUsed, Interlocked.Increment(ref _clock));
            return entry.Value;
        }

        var created = new Entry(create(key, state)) { LastUsed = Interlocked.Increment(ref _clock) };
        var stored = _entries.GetOrAdd(key, created);
        if (ReferenceEquals(stored, created) && Interlocked.Increment(ref _count) > Capacity)
        {
            Trim();
        }

        return stored.Value;
    }

    private void Trim()
    {
        lock (_trim)
        {
            var excess = Volatile.Read(ref _count) - Capacity;
            if (excess <= 0)
            {
                return;
            }

            // Sorting a snapshot is O(n log n) but runs only when an addition overflows, and n is the bound.
            var oldest = _entries.ToArray();
            Array.Sort(oldest, static (a, b) => Volatile.Read(ref a.Value.LastUsed).CompareTo(Volatile.Read(ref b.Value.LastUsed)));
            for (var i = 0; i < oldest.Length && excess > 0; i++)
            {
                if (_entries.TryRemove(oldest[i]))
                {
                    Interlocked.Decrement(ref _count);
                    excess--;
                }
            }
        }
    }

    private sealed class Entry(TValue value)
    {
        public TValue Value { get; } = value;

        public long LastUsed;
    }
}
