namespace Ocap.Workflow.Expressions.Feel;

/// <summary>
/// A FEEL context: ordered entries with unique keys. Immutable once built; small contexts are searched
/// linearly (cheaper than hashing for a handful of keys), larger ones through an index built once.
/// </summary>
internal sealed class ContextValue
{
    private const int IndexThreshold = 8;

    public static readonly ContextValue Empty = new([], []);

    private readonly string[] _keys;
    private readonly Value[] _values;
    private readonly Dictionary<string, int>? _index;

    public ContextValue(string[] keys, Value[] values)
    {
        _keys = keys;
        _values = values;
        if (keys.Length > IndexThreshold)
        {
            _index = new Dictionary<string, int>(keys.Length, StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                _index[keys[i]] = i;
            }
        }
    }

    public int Count => _keys.Length;

    public string KeyAt(int index) => _keys[index];

    public Value ValueAt(int index) => _values[index];

    public bool TryGet(string key, out Value value)
    {
        if (_index is not null)
        {
            if (_index.TryGetValue(key, out var i))
            {
                value = _values[i];
                return true;
            }
        }
        else
        {
            var keys = _keys;
            for (var i = 0; i < keys.Length; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    value = _values[i];
                    return true;
                }
            }
        }

        value = Value.Null;
        return false;
    }

    public bool ContainsKey(string key) => TryGet(key, out _);

    /// <summary>A copy with <paramref name="key"/> set (replaced in place when present, appended otherwise).</summary>
    public ContextValue With(string key, Value value)
    {
        var builder = new ContextBuilder(Count + 1);
        for (var i = 0; i < _keys.Length; i++)
        {
            builder.Set(_keys[i], _values[i]);
        }

        builder.Set(key, value);
        return builder.Build();
    }
}

/// <summary>Builds a <see cref="ContextValue"/>; a later entry with the same key replaces the earlier value.</summary>
internal sealed class ContextBuilder(int capacity)
{
    private const int IndexThreshold = 8;

    private readonly List<string> _keys = new(capacity);
    private readonly List<Value> _values = new(capacity);
    private Dictionary<string, int>? _index;

    public int Count => _keys.Count;

    public void Set(string key, Value value)
    {
        var i = IndexOf(key);
        if (i >= 0)
        {
            _values[i] = value;
            return;
        }

        _keys.Add(key);
        _values.Add(value);
        if (_index is not null)
        {
            _index[key] = _keys.Count - 1;
        }
        else if (_keys.Count > IndexThreshold)
        {
            // Past a handful of keys a linear search per insertion would make building quadratic.
            _index = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < _keys.Count; k++)
            {
                _index[_keys[k]] = k;
            }
        }
    }

    public ContextValue Build() => new([.. _keys], [.. _values]);

    private int IndexOf(string key)
    {
        if (_index is not null)
        {
            return _index.TryGetValue(key, out var i) ? i : -1;
        }

        for (var k = 0; k < _keys.Count; k++)
        {
            if (string.Equals(_keys[k], key, StringComparison.Ordinal))
            {
                return k;
            }
        }

        return -1;
    }
}
