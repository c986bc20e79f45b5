using OstreeSharp.Compression;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Fuzz.Targets;

namespace OstreeSharp.Tests.Compression;

/// <summary>The xz fuzz target: seeds accepted, mutated seeds rejected only with XzFormatException.</summary>
public class XzFuzzTargetTests
{
    [Fact]
    public void SeedsDecodeAndMutantsAreRejectedCleanly()
    {
        using var target = new XzTarget();
        List<byte[]> seeds = target.Seeds(null!).ToList();
        Assert.NotEmpty(seeds);
        foreach (byte[] seed in seeds)
        {
            target.Execute(seed);
        }

        var rng = new Random(20240601);
        int rejected = 0;
        for (int i = 0; i < 1500; i++)
        {
            byte[] input = (byte[])seeds[rng.Next(seeds.Count)].Clone();
            int edits = rng.Next(1, 4);
            for (int e = 0; e < edits && input.Length > 0; e++)
            {
                input[rng.Next(input.Length)] = (byte)rng.Next(256);
            }

            if (rng.Next(4) == 0)
            {
                input = input[..rng.Next(input.Length + 1)];
            }

            try
            {
                target.Execute(input);
            }
            catch (XzFormatException)
            {
                rejected++;
            }
            catch (FuzzInvariantException e)
            {
                Assert.Fail(e.Message);
            }
        }

        Assert.True(rejected > 1000, $"only {rejected} of 1500 mutants rejected");
    }
}
