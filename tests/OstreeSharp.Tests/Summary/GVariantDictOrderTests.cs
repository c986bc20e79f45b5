using System.Diagnostics;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Objects;
using OstreeSharp.Summary;

namespace OstreeSharp.Tests.Summary;

public sealed class GVariantDictOrderTests
{
    private const string P = "ostree.summary.";

    /// <summary>Key orders observed in summaries written by ostree 2022.7 (insertion order as libostree inserts).</summary>
    public static TheoryData<string[], string[]> Observed() => new()
    {
        { [P + "last-modified", P + "mode", P + "tombstone-commits", P + "indexed-deltas"],
          [P + "mode", P + "last-modified", P + "tombstone-commits", P + "indexed-deltas"] },
        { ["zz", "aa", "m.n", P + "last-modified", P + "mode", P + "tombstone-commits", P + "indexed-deltas"],
          ["aa", P + "last-modified", P + "tombstone-commits", P + "mode", "m.n", "zz", P + "indexed-deltas"] },
        { [P + "expires", "s", P + "mode", "t", P + "last-modified", P + "tombstone-commits", P + "indexed-deltas"],
          [P + "expires", "s", P + "last-modified", P + "mode", "t", P + "indexed-deltas", P + "tombstone-commits"] },
        { [P + "last-modified", P + "mode", P + "tombstone-commits", P + "indexed-deltas", "ostree.static-deltas"],
          [P + "mode", P + "last-modified", P + "tombstone-commits", "ostree.static-deltas", P + "indexed-deltas"] },
        { [P + "last-modified", P + "mode", P + "tombstone-commits", P + "indexed-deltas", P + "collection-id", P + "collection-map"],
          [P + "mode", P + "last-modified", P + "tombstone-commits", P + "collection-map", P + "indexed-deltas", P + "collection-id"] },
        { ["ostree.commit.version", "ostree.commit.timestamp"], ["ostree.commit.version", "ostree.commit.timestamp"] },
        { ["aa", "ostree.collection-binding", "ostree.ref-binding"], ["aa", "ostree.collection-binding", "ostree.ref-binding"] },
    };

    [Theory]
    [MemberData(nameof(Observed))]
    public void MatchesOrdersObservedInOstreeSummaries(string[] insertion, string[] expected) =>
        Assert.Equal(expected, GVariantDictOrder.OrderKeys(insertion));

    [Fact]
    public void RepeatedKeyKeepsFirstSlotAndLastValue()
    {
        var entries = new[] { "k", "a", "k" }.Select((k, i) =>
            new MetadataEntry(k, OstreeSharp.GVariant.GVariantType.Byte, new byte[] { (byte)i }));
        var md = GVariantDictOrder.Order(entries);
        Assert.Equal(2, md.Count);
        Assert.True(md.TryGetValue("k", out var e));
        Assert.Equal(2, e.Value.Span[0]);
    }

    [Fact]
    public void HashUsesSignedBytes() =>
        // "é" is C3 A9: with signed chars 5381*33 + (-61), then *33 + (-87).
        Assert.Equal(unchecked((uint)((5381L * 33 - 61) * 33 - 87)), GVariantDictOrder.Hash("é"));

    /// <summary>Random key sets of up to seven keys against GLib's GVariantDict through python3-gi.</summary>
    [Fact]
    public void MatchesGLibForSmallDictionaries()
    {
        const string Python = "/usr/bin/python3";
        if (!File.Exists(Python))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "python3 is required in CI");
            return;
        }
        var gen =
            from n in Gen.Choose(1, 7)
            from keys in Gen.ArrayOf(Gen.Elements("a", "b", "é", "x.y", "ostree.", "Z", "-", "9", "ü"), 6).Select(string.Concat).ArrayOf(n)
            select keys.Where(k => k.Length > 0).Distinct().ToArray();
        var samples = Gen.Sample(gen, 400, 60).Where(s => s.Length > 0).ToList();
        var oracle = RunOracle(Python, samples);
        for (int i = 0; i < samples.Count; i++)
            Assert.Equal(oracle[i], GVariantDictOrder.OrderKeys(samples[i]));
        Prop.ForAll(gen.ToArbitrary(), keys => GVariantDictOrder.OrderKeys(keys).Order(StringComparer.Ordinal).SequenceEqual(keys.Order(StringComparer.Ordinal)))
            .QuickCheckThrowOnFailure();
    }

    /// <summary>The key order GLib's GVariantDict emits for each key list (inserted in order), via python3-gi.</summary>
    internal static List<string[]> RunOracle(string python, List<string[]> samples)
    {
        const string Script = """
import sys, json
from gi.repository import GLib
out = []
for keys in json.load(sys.stdin):
    d = GLib.VariantDict.new(None)
    for k in keys:
        d.insert_value(k, GLib.Variant('b', True))
    v = d.end()
    out.append([v.get_child_value(i).get_child_value(0).get_string() for i in range(v.n_children())])
json.dump(out, sys.stdout)
""";
        var psi = new ProcessStartInfo(python, ["-c", Script])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var p = Process.Start(psi)!;
        p.StandardInput.Write(JsonSerializer.Serialize(samples));
        p.StandardInput.Close();
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, stderr);
        return JsonSerializer.Deserialize<List<string[]>>(stdout)!;
    }
}
