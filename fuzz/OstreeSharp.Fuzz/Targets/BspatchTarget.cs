using OstreeSharp.Deltas;
using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// <see cref="BsPatch"/> on arbitrary patches: the input's first 2 bytes pick the new size (0–65535), the rest is the
/// patch applied to a fixed 4 KiB "old" file; only <see cref="BsdiffFormatException"/> may reject it, and an accepted
/// patch produces exactly the declared size.
/// </summary>
public sealed class BspatchTarget : FuzzTarget
{
    private static readonly byte[] Old = MakeOld();

    public override string Name => "bspatch";

    public override string Description => "BsPatch.Apply on arbitrary patches against a fixed old file";

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        var edited = (byte[])Old.Clone();
        edited[100] ^= 0x5A;
        byte[] bigger = [.. Old.AsSpan(0, 2000), .. "inserted bytes"u8, .. Old.AsSpan(2000)];
        foreach (var target in new[] { edited, bigger, Old.AsSpan(0, 1000).ToArray(), [] })
        {
            var patch = BsDiff.Create(Old, target);
            yield return [(byte)(target.Length >> 8), (byte)target.Length, .. patch];
        }
    }

    public override void Execute(byte[] input)
    {
        if (input.Length < 2)
            throw new BsdiffFormatException("input shorter than the size prefix");
        int newSize = (input[0] << 8) | input[1];
        var output = BsPatch.Apply(Old, input.AsSpan(2), newSize);
        if (output.Length != newSize)
            throw new FuzzInvariantException($"bspatch produced {output.Length} bytes, {newSize} declared");
    }

    private static byte[] MakeOld()
    {
        var old = new byte[4096];
        new Random(7).NextBytes(old);
        return old;
    }
}
