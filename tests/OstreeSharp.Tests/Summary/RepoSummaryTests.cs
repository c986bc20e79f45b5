using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Summary;
using OstreeSharp.Tests.Support;

namespace OstreeSharp.Tests.Summary;

public sealed class RepoSummaryTests
{
    /// <summary>
    /// <c>ostree summary -u -m k="uint32 7"</c> (2022.7) on an archive repo with one ref <c>main</c> whose commit has
    /// <c>version=2.0</c>, captured black-box, with its <c>--view</c> and <c>--raw</c> output.
    /// </summary>
    internal const string VectorHex =
        "6d61696e000000008e000000000000004fc8af96e3ce6719c6274b4a27ec923c35448ba4bbe23106e40b6ebda7de50846f73747265652e636f6d6d69742e76657273696f6e000000322e3000007316006f73747265652e636f6d6d69742e74696d657374616d7000000000005f5e10000074181f432805776f73747265652e73756d6d6172792e6d6f64650000000000617263686976652d7a320000731400006f73747265652e73756d6d6172792e6c6173742d6d6f64696669656400000000000000006b028dd400741d00000000006f73747265652e73756d6d6172792e746f6d6273746f6e652d636f6d6d697473000000000000000000006221000000006b0000000000000007000000007502006f73747265652e73756d6d6172792e696e64657865642d64656c7461730000000100621e26538497bc7800";

    internal const string VectorView = """
        * main
            Latest Commit (142 bytes):
              4fc8af96e3ce6719c6274b4a27ec923c35448ba4bbe23106e40b6ebda7de5084
            Version (ostree.commit.version): 2.0
            Timestamp (ostree.commit.timestamp): 2020-09-13T12:26:40+00

        Repository Mode (ostree.summary.mode): archive-z2
        Last-Modified (ostree.summary.last-modified): 2026-11-22T06:38:12+00
        Has Tombstone Commits (ostree.summary.tombstone-commits): No
        k: 7
        ostree.summary.indexed-deltas: true

        """;

    internal const string VectorRaw =
        "([('main', (uint64 10232178353385766912, [byte 0x4f, 0xc8, 0xaf, 0x96, 0xe3, 0xce, 0x67, 0x19, 0xc6, 0x27, 0x4b, 0x4a, 0x27, 0xec, 0x92, 0x3c, 0x35, 0x44, 0x8b, 0xa4, 0xbb, 0xe2, 0x31, 0x06, 0xe4, 0x0b, 0x6e, 0xbd, 0xa7, 0xde, 0x50, 0x84], {'ostree.commit.version': <'2.0'>, 'ostree.commit.timestamp': <uint64 1600000000>}))], {'ostree.summary.mode': <'archive-z2'>, 'ostree.summary.last-modified': <uint64 1795329492>, 'ostree.summary.tombstone-commits': <false>, 'k': <uint32 117440512>, 'ostree.summary.indexed-deltas': <true>})\n";

    [Fact]
    public void ParsesRealSummaryAndReserializesExactly()
    {
        byte[] bytes = Hex.Parse(VectorHex);
        var s = RepoSummary.Parse(bytes);
        Assert.Single(s.Refs);
        Assert.Equal("main", s.Refs[0].Name);
        Assert.Equal(142UL, s.Refs[0].CommitSize);
        Assert.Equal("4fc8af96e3ce6719c6274b4a27ec923c35448ba4bbe23106e40b6ebda7de5084", s.Refs[0].Checksum.ToString());
        Assert.Equal("2.0", s.Refs[0].Version);
        Assert.Equal(1600000000UL, s.Refs[0].Timestamp);
        Assert.Equal("archive-z2", s.Mode);
        Assert.Equal(1795329492UL, s.LastModified);
        Assert.False(s.TombstoneCommits);
        Assert.True(s.IndexedDeltas);
        Assert.Null(s.CollectionId);
        Assert.Empty(s.StaticDeltas);
        Assert.Empty(s.CollectionMap);
        Assert.Equal(["ostree.summary.mode", "ostree.summary.last-modified", "ostree.summary.tombstone-commits", "k", "ostree.summary.indexed-deltas"], s.Metadata.Keys);
        Assert.Equal(bytes, s.Serialize());
    }

    [Fact]
    public void ViewAndRawMatchOstree()
    {
        byte[] bytes = Hex.Parse(VectorHex);
        Assert.Equal(VectorView.Replace("\r\n", "\n"), SummaryFormatter.FormatView(RepoSummary.Parse(bytes)));
        Assert.Equal(VectorRaw, SummaryFormatter.FormatRaw(bytes));
    }

    [Fact]
    public void EmptySummaryRoundTrips()
    {
        var s = new RepoSummary([], new MetadataDictionary());
        var bytes = s.Serialize();
        var back = RepoSummary.Parse(bytes);
        Assert.Empty(back.Refs);
        Assert.Empty(back.Metadata);
        Assert.Equal("", SummaryFormatter.FormatView(back));
    }

    [Fact]
    public void ViewPrintsCommitSizesInGLibFormatWithNoBreakSpace()
    {
        // ostree 2022.7 `summary --view` of a 1,228-byte commit prints "Latest Commit (1.2\u00a0kB)" (od -c: 302 240).
        var entry = new SummaryRef("main", 1228, Checksum.Compute("c"u8), new MetadataDictionary());
        Assert.Contains("Latest Commit (1.2\u00a0kB):", SummaryFormatter.FormatView(new RepoSummary([entry], new MetadataDictionary())), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1600000000L, "2020-09-13T12:26:40+00")]
    [InlineData(0L, "1970-01-01T00:00:00+00")]
    [InlineData(253402300800L, "invalid")]
    [InlineData(67927162644070400L, "invalid")]
    public void FormatsTimestampsLikeOstree(long seconds, string expected) => Assert.Equal(expected, SummaryFormatter.FormatTimestamp(seconds));

    [Fact]
    public void RandomSummariesRoundTrip()
    {
        var gen =
            from count in Gen.Choose(0, 6)
            from names in Gen.ArrayOf(Gen.Elements("main", "other", "a/b", "x.y", "ostree-metadata", "z"), count)
            from sizes in Gen.ArrayOf(Gen.Choose(1, 100000), count)
            from seed in Gen.Choose(0, int.MaxValue)
            select (names.Distinct().Order(StringComparer.Ordinal).ToArray(), sizes, seed);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (names, sizes, seed) = t;
            var rng = new Random(seed);
            var refs = names.Select((n, i) =>
            {
                var csum = new byte[32];
                rng.NextBytes(csum);
                var md = new MetadataDictionary();
                md.Set(SummaryKeys.CommitTimestamp, GVariantType.UInt64, RepoSummary.BigEndianUInt64((ulong)rng.NextInt64(0, 1L << 40)));
                return new SummaryRef(n, (ulong)sizes[i], Checksum.FromBytes(csum), md);
            }).ToList();
            var meta = new MetadataDictionary();
            meta.SetString(SummaryKeys.Mode, "bare");
            meta.SetBoolean(SummaryKeys.IndexedDeltas, true);
            var s = new RepoSummary(refs, meta);
            var bytes = s.Serialize();
            var back = RepoSummary.Parse(bytes);
            return back.Refs.Count == refs.Count
                && back.Refs.Zip(refs).All(p => p.First.Name == p.Second.Name && p.First.Checksum == p.Second.Checksum
                    && p.First.CommitSize == p.Second.CommitSize && p.First.Timestamp == p.Second.Timestamp)
                && back.Serialize().AsSpan().SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void MutatedSummariesRaiseOnlyDataExceptions()
    {
        byte[] good = Hex.Parse(VectorHex);
        var gen =
            from flips in Gen.Choose(1, 8)
            from positions in Gen.ArrayOf(Gen.Choose(0, good.Length - 1), flips)
            from values in Gen.ArrayOf(Gen.Choose(0, 255), flips)
            from cut in Gen.Choose(0, good.Length)
            select (positions, values, cut);
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var bytes = good.ToArray();
            for (int i = 0; i < t.positions.Length; i++)
                bytes[t.positions[i]] = (byte)t.values[i];
            bytes = bytes[..t.cut];
            try
            {
                var s = RepoSummary.Parse(bytes);
                _ = SummaryFormatter.FormatView(s);
                _ = SummaryFormatter.FormatRaw(bytes);
                _ = s.StaticDeltas;
                _ = s.CollectionMap;
            }
            catch (OstreeDataException)
            {
            }
        }).QuickCheckThrowOnFailure();
    }
}
