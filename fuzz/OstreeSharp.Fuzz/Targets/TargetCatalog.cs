using OstreeSharp.Fuzz.Engine;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>Every fuzz target, by name.</summary>
public static class TargetCatalog
{
    public static IReadOnlyList<FuzzTarget> CreateAll() =>
    [
        new GVariantTarget(),
        .. ObjectTargets.Create(),
        new FilezTarget(),
        new KeyFileTarget(),
        new GVariantTextTarget(),
        new CheckoutTarget(),
        new XzTarget(),
        new Ed25519Target(),
        new BspatchTarget(),
        new OpenPgpTarget(),
        new RefsTarget(),
        new TarTarget(),
        new OpenPgpSecretKeyTarget(),
        new StaticDeltaTarget(),
        new SummaryTarget(),
        new XzEncodeTarget(),
        new ZstdTarget(),
    ];

    public static IReadOnlyList<string> Names { get; } = CreateAll().Select(t => t.Name).ToArray();

    public static FuzzTarget? Create(string name) => CreateAll().FirstOrDefault(t => t.Name == name);
}
