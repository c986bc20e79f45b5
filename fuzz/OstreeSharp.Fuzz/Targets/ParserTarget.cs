using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>A stateless bytes → parser target defined by delegates.</summary>
public sealed class ParserTarget : FuzzTarget
{
    private readonly Func<SeedMaterial, IEnumerable<byte[]>> _seeds;
    private readonly Action<byte[]> _execute;

    public ParserTarget(string name, string description, Func<SeedMaterial, IEnumerable<byte[]>> seeds, Action<byte[]> execute)
    {
        Name = name;
        Description = description;
        _seeds = seeds;
        _execute = execute;
    }

    public override string Name { get; }

    public override string Description { get; }

    public override IEnumerable<byte[]> Seeds(SeedMaterial material) => _seeds(material);

    public override IEnumerable<byte[]> Dictionary(SeedMaterial material) => material.Checksums.Take(16).Select(c =>
    {
        var b = new byte[Objects.Checksum.ByteLength];
        c.CopyTo(b);
        return b;
    });

    public override void Execute(byte[] input) => _execute(input);
}
