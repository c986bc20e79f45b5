using System.Collections.Concurrent;
using System.Diagnostics;

namespace OstreeSharp.Tests.Commit;

/// <summary>The scan/store overlap of commit and the directory/file overlap of checkout (<see cref="StreamingWork"/>).</summary>
public class StreamingWorkTests
{
    private sealed class Item(int value)
    {
        public int Value { get; } = value;
    }

    [Fact]
    public void EveryItemIsProcessedExactlyOnce()
    {
        var seen = new ConcurrentDictionary<int, int>();
        StreamingWork.Run<Item>(add =>
        {
            for (int i = 0; i < 5000; i++)
                add(new Item(i));
        }, (a, b) => b.Value.CompareTo(a.Value), item => seen.AddOrUpdate(item.Value, 1, (_, n) => n + 1), CancellationToken.None);
        Assert.Equal(5000, seen.Count);
        Assert.All(seen, kv => Assert.Equal(1, kv.Value));
        Assert.Equal(Enumerable.Range(0, 5000), seen.Keys.Order());
    }

    [Fact]
    public void WithoutProducedItemsNothingRuns()
    {
        int calls = 0;
        StreamingWork.Run<Item>(_ => { }, null, _ => Interlocked.Increment(ref calls), CancellationToken.None);
        Assert.Equal(0, calls);
    }

    [Fact]
    public void AFailingItemIsRethrownAsItselfAndStopsTheProducer()
    {
        var sw = Stopwatch.StartNew();
        int added = 0;
        var ex = Assert.Throws<InvalidDataException>(() => StreamingWork.Run<Item>(add =>
        {
            // Keeps producing until the failure reaches it (with one core, the items only run after this returns).
            while (sw.Elapsed < TimeSpan.FromSeconds(20))
            {
                add(new Item(added++));
                Thread.Sleep(1);
            }
        }, null, item => throw new InvalidDataException($"bad item {item.Value}"), CancellationToken.None));
        Assert.StartsWith("bad item ", ex.Message, StringComparison.Ordinal);
        if (Environment.ProcessorCount > 1)
            Assert.True(sw.Elapsed < TimeSpan.FromSeconds(20), "the producer was not stopped by the failure");
    }

    [Fact]
    public void AFailingProducerIsRethrownAsItselfAfterTheWorkersStopped()
    {
        int running = 0, after = 0;
        bool done = false;
        Assert.Throws<IOException>(() => StreamingWork.Run<Item>(add =>
        {
            for (int i = 0; i < 100; i++)
                add(new Item(i));
            throw new IOException("scan failed");
        }, null, _ =>
        {
            Interlocked.Increment(ref running);
            Thread.Sleep(2);
            if (Volatile.Read(ref done))
                Interlocked.Increment(ref after);
        }, CancellationToken.None));
        Volatile.Write(ref done, true);
        int ran = Volatile.Read(ref running);
        Thread.Sleep(50);
        Assert.Equal(ran, Volatile.Read(ref running)); // no worker still taking items once Run returned
        Assert.Equal(0, after);
    }

    [Fact]
    public void CancellationStopsTheWork()
    {
        using var cts = new CancellationTokenSource();
        int ran = 0;
        Assert.ThrowsAny<OperationCanceledException>(() => StreamingWork.Run<Item>(add =>
        {
            for (int i = 0; i < 1000; i++)
            {
                if (i == 10)
                    cts.Cancel();
                add(new Item(i));
            }
        }, null, _ => Interlocked.Increment(ref ran), cts.Token));
        Assert.True(Volatile.Read(ref ran) <= 10, $"{ran} items ran after cancellation");
    }
}
