using OstreeSharp.Commit;
using OstreeSharp.Deltas;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>
/// Static delta superblocks with inline parts (one seed in the signed wrapper, whose Ed25519 signatures are verified):
/// <see cref="DeltaSuperblock.Parse"/> under the untrusted limits, then
/// every part is inspected and the delta applied to a scratch bare-user repository. Only
/// <see cref="OstreeDataException"/> (malformed data), <see cref="ObjectNotFoundException"/> (a source the
/// scratch repository lacks) and <see cref="StaticDeltaFallbackException"/> may reject an input.
/// </summary>
public sealed class StaticDeltaTarget : FuzzTarget
{
    private string? _scratch;
    private OstreeRepo? _repo;

    public override string Name => "static-delta";

    public override string Description => "DeltaSuperblock.Parse + part inspection + StaticDeltaApplier on inline deltas";

    public override TimeSpan Timeout => TimeSpan.FromSeconds(10);

    public override void Setup(SeedMaterial material)
    {
        _scratch = Path.Combine(material.ScratchDirectory, "static-delta-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_scratch);
        _repo = OstreeRepo.Create(Path.Combine(_scratch, "target"), RepoMode.BareUser);
    }

    public override IEnumerable<byte[]> Seeds(SeedMaterial material)
    {
        string dir = Path.Combine(material.ScratchDirectory, "static-delta-seeds-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        using var repo = OstreeRepo.Create(Path.Combine(dir, "repo"), RepoMode.Archive);
        string v1 = Path.Combine(dir, "v1");
        Directory.CreateDirectory(Path.Combine(v1, "sub"));
        File.WriteAllText(Path.Combine(v1, "a.txt"), string.Concat(Enumerable.Repeat("some text that repeats\n", 200)));
        File.WriteAllBytes(Path.Combine(v1, "empty"), []);
        File.CreateSymbolicLink(Path.Combine(v1, "link"), "a.txt");
        File.WriteAllText(Path.Combine(v1, "sub", "b.bin"), "bbbb");
        var c1 = repo.CommitDirectory(v1, "v1");
        File.AppendAllText(Path.Combine(v1, "a.txt"), "one more line\n");
        var c2 = repo.CommitDirectory(v1, "v2");
        var seeds = new List<byte[]>();
        foreach (var (from, to, options) in new (Objects.Checksum?, Objects.Checksum, StaticDeltaGeneratorOptions)[]
        {
            (null, c1, new StaticDeltaGeneratorOptions()),
            (null, c2, new StaticDeltaGeneratorOptions { Endianness = DeltaEndianness.Big, MaxChunkSize = 1000 }),
            (c1, c2, new StaticDeltaGeneratorOptions { DisableRollsum = true }),
            (c1, c2, new StaticDeltaGeneratorOptions()),
            (c1, c2, Signed(new StaticDeltaGeneratorOptions())),
        })
        {
            string outDir = Path.Combine(dir, "out-" + seeds.Count);
            Directory.CreateDirectory(outDir);
            options.Inline = true;
            options.Filename = Path.Combine(outDir, "superblock");
            options.Timestamp = 1;
            new StaticDeltaGenerator(repo, options).Generate(from, to);
            seeds.Add(File.ReadAllBytes(options.Filename));
        }
        Directory.Delete(dir, recursive: true);
        return seeds;
    }

    /// <summary>The fixed key that signs the signed seed (spec §7.3 wrapper), so verification runs on its mutants.</summary>
    private static readonly Signing.Ed25519.Ed25519PrivateKey SeedKey = Signing.Ed25519.Ed25519PrivateKey.FromSeed(new byte[32]);

    private static StaticDeltaGeneratorOptions Signed(StaticDeltaGeneratorOptions options)
    {
        options.Ed25519SigningKeys.Add(SeedKey);
        return options;
    }

    public override void Execute(byte[] input)
    {
        var sb = DeltaSuperblock.Parse(input, StaticDeltaLimits.Untrusted);
        if (sb.IsSigned)
        {
            var trust = new Signing.Ed25519TrustStore();
            trust.AddTrusted(SeedKey.PublicKey);
            _ = StaticDeltaVerifier.VerifyEd25519(sb, trust);
        }
        for (int i = 0; i < sb.Parts.Count; i++)
        {
            StaticDeltaApplier.InspectPart(sb, i, null, _scratch!, StaticDeltaLimits.Untrusted);
        }
        var options = new StaticDeltaApplyOptions { Limits = StaticDeltaLimits.Untrusted, RequireFallbacks = false, SkipCompleteParts = false };
        var result = new StaticDeltaApplier(_repo!, options).Apply(sb, null);
        if (!_repo!.HasObject(result.Commit, Objects.ObjectType.Commit))
            throw new FuzzInvariantException($"applied delta but commit {result.Commit} is missing");
    }

    public override bool IsExpected(Exception exception) =>
        base.IsExpected(exception) || exception is ObjectNotFoundException or StaticDeltaFallbackException;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _repo?.Dispose();
            if (_scratch is not null && Directory.Exists(_scratch))
                Directory.Delete(_scratch, recursive: true);
        }
        base.Dispose(disposing);
    }
}
