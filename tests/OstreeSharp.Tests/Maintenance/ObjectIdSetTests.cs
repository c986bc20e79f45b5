using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Maintenance;
using OstreeSharp.Objects;

namespace OstreeSharp.Tests.Maintenance;

public class ObjectIdSetTests
{
    private static Checksum Id(int i)
    {
        Span<byte> seed = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(seed, i);
        return Checksum.Compute(seed);
    }

    [Fact]
    public void AddAndContainsDistinguishTypes()
    {
        var set = new ObjectIdSet();
        var c = Id(1);
        Assert.True(set.Add(c, ObjectType.DirTree));
        Assert.False(set.Add(c, ObjectType.DirTree));
        Assert.True(set.Contains(c, ObjectType.DirTree));
        Assert.False(set.Contains(c, ObjectType.File));
        Assert.True(set.Add(new ObjectName(c, ObjectType.File)));
        Assert.Equal(2, set.Count);
        Assert.False(set.Contains(Id(2), ObjectType.DirTree));
    }

    [Fact]
    public void HoldsOneHundredThousandIdsCompactly()
    {
        const int n = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        var set = new ObjectIdSet();
        for (int i = 0; i < n; i++)
            Assert.True(set.Add(Id(i), (ObjectType)(1 + (i % 4))));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(n, set.Count);
        for (int i = 0; i < n; i++)
            Assert.True(set.Contains(Id(i), (ObjectType)(1 + (i % 4))));
        Assert.False(set.Contains(Id(n), ObjectType.File));
        // 33 bytes a slot, at most half empty after growth: under 100 bytes an entry held. A HashSet<string> of hex
        // names would need ~200 bytes an entry; the set also allocates no per-entry objects (the total allocation,
        // growth garbage included, stays well under 200 bytes an entry).
        Assert.InRange(set.AllocatedBytes, n * 33L, n * 100L);
        Assert.True(allocated < n * 200L, $"allocated {allocated} bytes for {n} entries");
    }

    [Fact]
    public void ConcurrentAddsLoseNothing()
    {
        var set = new ObjectIdSet();
        int added = 0;
        Parallel.For(0, 40_000, i =>
        {
            // every id is added twice, from different iterations
            if (set.Add(Id(i % 20_000), ObjectType.File))
                Interlocked.Increment(ref added);
        });
        Assert.Equal(20_000, added);
        Assert.Equal(20_000, set.Count);
    }

    [Fact]
    public void BehavesLikeAHashSet()
    {
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 300)).ToArbitrary(), (int[] values) =>
        {
            var set = new ObjectIdSet();
            var model = new HashSet<(int, ObjectType)>();
            foreach (int v in values)
            {
                var type = (ObjectType)(1 + (v % 3));
                if (set.Add(Id(v), type) != model.Add((v, type)))
                    return false;
            }
            return set.Count == model.Count
                && set.ToList().Count == model.Count
                && Enumerable.Range(0, 301).All(v => set.Contains(Id(v), (ObjectType)(1 + (v % 3))) == model.Contains((v, (ObjectType)(1 + (v % 3)))));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void RejectsNonTypes() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObjectIdSet().Add(Checksum.Compute(RandomNumberGenerator.GetBytes(4)), 0));
}
