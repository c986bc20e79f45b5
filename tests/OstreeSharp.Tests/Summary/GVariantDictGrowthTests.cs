using OstreeSharp.Summary;

namespace OstreeSharp.Tests.Summary;

/// <summary>GVariantDict order for dictionaries that outgrow the initial 8-slot table, against GLib via python3-gi.</summary>
public sealed class GVariantDictGrowthTests
{
    private const string Python = "/usr/bin/python3";

    [Fact]
    public void MatchesGLibWhenTheTableGrows()
    {
        if (!File.Exists(Python))
        {
            Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), "python3 is required in CI");
            return;
        }
        const string Alphabet = "abcdefghijklmnopqrstuvwxyz.-_0123456789é";
        var random = new Random(77);
        var samples = new List<string[]>();
        for (int i = 0; i < 600; i++)
        {
            int n = i < 300 ? random.Next(6, 20) : random.Next(20, 130);
            // Repeats are allowed: GVariantDict keeps the first slot, as OrderKeys' caller (Order) does.
            var keys = Enumerable.Range(0, n)
                .Select(_ => new string([.. Enumerable.Range(0, random.Next(1, 8)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]))
                .ToArray();
            samples.Add(keys);
        }
        var oracle = GVariantDictOrderTests.RunOracle(Python, samples);
        int mismatches = 0;
        for (int i = 0; i < samples.Count; i++)
        {
            var distinct = samples[i].Distinct(StringComparer.Ordinal).ToArray();
            if (!oracle[i].SequenceEqual(GVariantDictOrder.OrderKeys(distinct)))
                mismatches++;
        }
        Assert.Equal(0, mismatches);
    }
}
