using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Repository;

/// <summary>
/// Two threads storing the same new object at once (identical files in one commit, stored in parallel) write it
/// once as far as the statistics go, as ostree's <c>--table-output</c> counts it.
/// </summary>
public sealed class TransactionStatsTests
{
    [Theory]
    [InlineData(RepoMode.Archive)]
    [InlineData(RepoMode.BareUser)]
    public async Task A_race_to_store_the_same_object_counts_one_write(RepoMode mode)
    {
        using var dir = new ScratchDir();
        using var repo = OstreeRepo.Create(dir.Combine("repo"), mode);
        using var tx = repo.BeginTransaction();
        var header = FileHeader.RegularFile(0, 0, 0x81A4);
        const int Rounds = 40;
        var rng = new Random(7);
        for (int round = 0; round < Rounds; round++)
        {
            byte[] content = new byte[100_000];
            rng.NextBytes(content);
            using var barrier = new Barrier(2);
            var writers = Enumerable.Range(0, 2).Select(_ => Task.Factory.StartNew(() =>
            {
                barrier.SignalAndWait();
                return tx.WriteContent(header, content);
            }, TaskCreationOptions.LongRunning)).ToArray();
            var written = await Task.WhenAll(writers);
            Assert.Equal(written[0], written[1]);
        }
        var stats = tx.Stats;
        Assert.Equal(2 * Rounds, stats.ContentObjectsTotal);
        Assert.Equal(Rounds, stats.ContentObjectsWritten);
        Assert.Equal(Rounds * 100_000L, stats.ContentBytesWritten);
        tx.Commit();
    }
}
