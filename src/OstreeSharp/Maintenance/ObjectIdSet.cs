using OstreeSharp.Objects;

namespace OstreeSharp.Maintenance;

/// <summary>
/// A compact, thread-safe set of object names (checksum + type) used for reachability: open addressing over plain
/// arrays of 32-byte <see cref="Checksum"/> structs and one type byte per slot, split into independently locked
/// shards (chosen by the checksum's first byte) so parallel walkers rarely contend. About 33 bytes per slot and at
/// most 50% empty slots after growth, no per-entry object or string.
/// </summary>
public sealed class ObjectIdSet
{
    private const int ShardCount = 64;
    private const int InitialShardCapacity = 16;

    private readonly Shard[] _shards = new Shard[ShardCount];

    /// <summary>Creates an empty set.</summary>
    public ObjectIdSet()
        : this(0)
    {
    }

    /// <summary>Creates an empty set sized for about <paramref name="expectedCount"/> entries.</summary>
    /// <param name="expectedCount">Expected number of entries (0 when unknown).</param>
    public ObjectIdSet(int expectedCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(expectedCount);
        int perShard = Math.Max(InitialShardCapacity, (int)Math.Min(1 << 30, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)(expectedCount / ShardCount * 2 + 1))));
        for (int i = 0; i < ShardCount; i++)
            _shards[i] = new Shard(perShard);
    }

    /// <summary>Number of entries.</summary>
    public long Count
    {
        get
        {
            long n = 0;
            foreach (var s in _shards)
            {
                lock (s)
                    n += s.Count;
            }
            return n;
        }
    }

    /// <summary>Bytes held by the set's slot arrays (what the set costs, excluding a few fixed-size headers).</summary>
    public long AllocatedBytes
    {
        get
        {
            long n = 0;
            foreach (var s in _shards)
            {
                lock (s)
                    n += (long)s.Capacity * (Checksum.ByteLength + 1);
            }
            return n;
        }
    }

    /// <summary>Adds an object; false if it was already present.</summary>
    public bool Add(ObjectName name) => Add(name.Checksum, name.Type);

    /// <summary>Adds an object; false if it was already present.</summary>
    public bool Add(Checksum checksum, ObjectType type)
    {
        ValidateType(type);
        var shard = ShardFor(checksum);
        lock (shard)
            return shard.Add(checksum, (byte)type);
    }

    /// <summary>True if the object is in the set.</summary>
    public bool Contains(ObjectName name) => Contains(name.Checksum, name.Type);

    /// <summary>True if the object is in the set.</summary>
    public bool Contains(Checksum checksum, ObjectType type)
    {
        ValidateType(type);
        var shard = ShardFor(checksum);
        lock (shard)
            return shard.Contains(checksum, (byte)type);
    }

    /// <summary>Enumerates a snapshot of the entries (order unspecified).</summary>
    public IReadOnlyList<ObjectName> ToList()
    {
        var result = new List<ObjectName>();
        foreach (var s in _shards)
        {
            lock (s)
                s.CopyTo(result);
        }
        return result;
    }

    private static void ValidateType(ObjectType type)
    {
        if ((int)type is < 1 or > 255)
            throw new ArgumentOutOfRangeException(nameof(type), type, "Not an object type.");
    }

    private Shard ShardFor(Checksum checksum) => _shards[checksum.GetHashCode() & (ShardCount - 1)];

    private sealed class Shard(int capacity)
    {
        private Checksum[] _keys = new Checksum[capacity];
        private byte[] _types = new byte[capacity]; // 0 = empty slot

        public int Count { get; private set; }

        public int Capacity => _keys.Length;

        private static int Hash(Checksum c, byte type)
        {
            // The checksum is already uniformly distributed; mix in the type and skip the bits used for sharding.
            ulong h = (ulong)(uint)c.GetHashCode() * 0x9E3779B97F4A7C15UL;
            return (int)(h >> 32) ^ (type * 0x45D9F3B);
        }

        private int Find(Checksum c, byte type)
        {
            int mask = _keys.Length - 1;
            int i = Hash(c, type) & mask;
            while (true)
            {
                byte t = _types[i];
                if (t == 0 || (t == type && _keys[i].Equals(c)))
                    return i;
                i = (i + 1) & mask;
            }
        }

        public bool Contains(Checksum c, byte type) => _types[Find(c, type)] != 0;

        public bool Add(Checksum c, byte type)
        {
            int i = Find(c, type);
            if (_types[i] != 0)
                return false;
            _keys[i] = c;
            _types[i] = type;
            Count++;
            if (Count * 4 > _keys.Length * 3)
                Grow();
            return true;
        }

        private void Grow()
        {
            var oldKeys = _keys;
            var oldTypes = _types;
            _keys = new Checksum[oldKeys.Length * 2];
            _types = new byte[oldKeys.Length * 2];
            for (int j = 0; j < oldKeys.Length; j++)
            {
                if (oldTypes[j] != 0)
                {
                    int i = Find(oldKeys[j], oldTypes[j]);
                    _keys[i] = oldKeys[j];
                    _types[i] = oldTypes[j];
                }
            }
        }

        public void CopyTo(List<ObjectName> into)
        {
            for (int j = 0; j < _keys.Length; j++)
            {
                if (_types[j] != 0)
                    into.Add(new ObjectName(_keys[j], (ObjectType)_types[j]));
            }
        }
    }
}
