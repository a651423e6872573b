using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Tokens kept while they may still be used, by the token or by whom it is for: one handed out is handed out again
/// instead of signing a new one per call, and one checked is not checked again until it expires. Bounded: when full,
/// the expired entries go, and if none had expired, all of them.
/// </summary>
internal sealed class TokenCache<TValue>(int capacity)
{
    private readonly ConcurrentDictionary<string, (TValue Value, DateTime Until)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string key, DateTime now, [MaybeNullWhen(false)] out TValue value)
    {
        if (_entries.TryGetValue(key, out var entry) && entry.Until > now)
        {
            value = entry.Value;
            return true;
        }

        value = default;
        return false;
    }

    public void Set(string key, TValue value, DateTime until, DateTime now)
    {
        if (_entries.Count >= capacity)
        {
            foreach (var entry in _entries)
            {
                if (entry.Value.Until <= now)
                {
                    _entries.TryRemove(entry);
                }
            }

            if (_entries.Count >= capacity)
            {
                _entries.Clear();
            }
        }

        _entries[key] = (value, until);
    }
}
