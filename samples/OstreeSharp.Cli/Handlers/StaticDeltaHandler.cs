using System.Globalization;
using System.Text;
using OstreeSharp.Cli.Commands;
using OstreeSharp.Cli.Errors;
using OstreeSharp.Deltas;
using OstreeSharp.Maintenance;
using OstreeSharp.Objects;
using OstreeSharp.Repository;
using OstreeSharp.Signing;
using OstreeSharp.Signing.Ed25519;

namespace OstreeSharp.Cli.Handlers;

/// <summary><c>static-delta</c> subcommands, printing what <c>ostree static-delta</c> 2022.7 prints.</summary>
public sealed class StaticDeltaHandler : ICommandHandler<StaticDeltaCommandOptions>
{
    private const string SignNotImplemented = "Requested signature type is not implemented";
    private const string DummyOnlyForTesting = "dummy signature type is only for ostree testing";
    private const string DummyKey = "ostree.sign.dummy";
    private const string Ed25519Type = "ed25519";
    private const string DummyType = "dummy";

    /// <summary>ostree's test-only <c>dummy</c> signature type works only when this variable is exactly <c>1</c>.</summary>
    private static bool DummyEnabled => Environment.GetEnvironmentVariable("OSTREE_DUMMY_SIGN_ENABLED") == "1";

    /// <inheritdoc/>
    public Task<int> ExecuteAsync(StaticDeltaCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(context);
        TextWriter output = context.Console.Out;
        switch (options.Subcommand)
        {
            case StaticDeltaSubcommand.List:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var deltas = StaticDeltaStore.List(repo);
                    if (deltas.Count == 0)
                        output.Write("(No static deltas)\n");
                    foreach (var d in deltas)
                        output.Write(d + "\n");
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Indexes:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var indexes = StaticDeltaStore.ListIndexes(repo);
                    if (indexes.Count == 0)
                        output.Write("(No static deltas indexes)\n");
                    foreach (var i in indexes)
                        output.Write(i + "\n");
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Reindex:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    Checksum? to = options.To is null ? null : RevResolver.Resolve(repo, options.To);
                    StaticDeltaStore.Reindex(repo, to);
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Show:
                using (var repo = RepoOpener.Open(options.Repository))
                {
                    var name = ParseName(options.Arguments);
                    Show(repo, name, output);
                }
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Delete:
                using (var repo = RepoOpener.Open(options.Repository))
                    StaticDeltaStore.Delete(repo, ParseName(options.Arguments));
                return Task.FromResult(0);
            case StaticDeltaSubcommand.Verify:
                return Task.FromResult(Verify(options, output));
            case StaticDeltaSubcommand.ApplyOffline:
                return Task.FromResult(ApplyOffline(options, cancellationToken));
            default:
                return Task.FromResult(Generate(options, context, cancellationToken));
        }
    }

    private static StaticDeltaName ParseName(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
            throw new CliException("DELTA must be specified");
        if (!StaticDeltaName.TryParse(arguments[0], out var name))
        {
            string bad = arguments[0];
            int dash = bad.IndexOf('-', StringComparison.Ordinal);
            if (dash >= 0 && Checksum.IsValidLowerHex(bad.AsSpan(0, dash)))
                bad = bad[(dash + 1)..];
            else if (dash >= 0)
                bad = bad[..dash];
            throw new CliException($"Invalid rev {bad}");
        }
        return name;
    }

    private static void Show(OstreeRepo repo, StaticDeltaName name, TextWriter output)
    {
        var sb = StaticDeltaStore.ReadSuperblock(repo, name);
        var text = new StringBuilder();
        text.Append("Delta: ").Append(name).Append('\n');
        text.Append("Signed: ").Append(sb.IsSigned ? "yes" : "no").Append('\n');
        if (sb.From is { } from)
            text.Append("From: ").Append(from).Append('\n');
        else
            text.Append("From <scratch>\n");
        text.Append("To: ").Append(sb.To).Append('\n');
        text.Append("Endianness: ").Append(sb.Endianness == DeltaEndianness.Big ? "big" : "little").Append('\n');
        text.Append("Timestamp: ").Append(sb.Timestamp.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Number of parents: ").Append(sb.RecursiveDeltaCount.ToString(CultureInfo.InvariantCulture)).Append('\n');
        text.Append("Number of fallback entries: ").Append(sb.Fallbacks.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        ulong fbSize = 0, fbUsize = 0;
        foreach (var fb in sb.Fallbacks)
        {
            text.Append("  ").Append(fb.Object.Checksum).Append('\n');
            fbSize += fb.CompressedSize;
            fbUsize += fb.UncompressedSize;
        }
        AppendSize(text, "Total Fallback Size", fbSize);
        AppendSize(text, "Total Fallback Uncompressed Size", fbUsize);
        text.Append("Number of parts: ").Append(sb.Parts.Count.ToString(CultureInfo.InvariantCulture)).Append('\n');
        string dir = StaticDeltaStore.GetDirectory(repo, name);
        ulong partSize = 0, partUsize = 0;
        for (int i = 0; i < sb.Parts.Count; i++)
        {
            var p = sb.Parts[i];
            string n = i.ToString(CultureInfo.InvariantCulture);
            text.Append(CultureInfo.InvariantCulture, $"PartMeta{n}: nobjects={p.Objects.Count} size={p.CompressedSize} usize={p.UncompressedSize}\n");
            var info = StaticDeltaApplier.InspectPart(sb, i, dir, Path.Combine(repo.Path, "tmp"), StaticDeltaLimits.For(repo.Limits));
            text.Append(CultureInfo.InvariantCulture, $"PartPayload{n}: nmodes={info.ModeCount} nxattrs={info.XattrSetCount} blobsize={info.BlobSize} opsize={info.OperationsSize}\n");
            var c = info.Operations;
            text.Append(CultureInfo.InvariantCulture,
                $"PartPayloadOps{n}: openspliceclose={c.OpenSpliceAndClose} open={c.Open} write={c.Write} setread={c.SetReadSource} unsetread={c.UnsetReadSource} close={c.Close} bspatch={c.Bspatch}\n");
            partSize += p.CompressedSize;
            partUsize += p.UncompressedSize;
        }
        AppendSize(text, "Total Part Size", partSize);
        AppendSize(text, "Total Part Uncompressed Size", partUsize);
        AppendSize(text, "Total Size", partSize + fbSize);
        AppendSize(text, "Total Uncompressed Size", partUsize + fbUsize);
        output.Write(text.ToString());
    }

    private static void AppendSize(StringBuilder text, string label, ulong size) =>
        text.Append(label).Append(": ").Append(size.ToString(CultureInfo.InvariantCulture)).Append(" (").Append(ByteSize.Format(size)).Append(")\n");

    /// <summary>
    /// <c>verify DELTA [KEY...]</c>: DELTA is a path when it contains a slash, else a delta name in the repository.
    /// Without keys the <c>ed25519</c> type uses the system trusted keys. Any failure after the type check prints
    /// <c>Verification fails</c> before the error, as ostree does.
    /// </summary>
    private static int Verify(StaticDeltaCommandOptions options, TextWriter output)
    {
        if (options.Arguments.Count == 0)
            throw new CliException("DELTA must be specified");
        using var repo = RepoOpener.Open(options.Repository);
        string type = options.SignType ?? Ed25519Type;
        if (type is not (Ed25519Type or DummyType))
        {
            output.Write("Sign-type not supported\n");
            throw new CliException(SignNotImplemented);
        }
        var keys = options.Arguments.Skip(1).ToList();
        if (keys.Count == 0 && type == DummyType)
            throw new CliException("not implemented");
        try
        {
            byte[] bytes = ReadSuperblockArgument(repo, options.Arguments[0], StaticDeltaLimits.For(repo.Limits));
            var trust = type == Ed25519Type ? LoadTrust(keys) : null;
            if (type == DummyType && !DummyEnabled)
                throw new CliException(DummyOnlyForTesting);
            if (!DeltaSuperblock.IsSignedSuperblock(bytes))
                throw new CliException("no signatures in static-delta");
            var superblock = DeltaSuperblock.Parse(bytes, StaticDeltaLimits.For(repo.Limits));
            RequireSignature(superblock, trust, keys);
        }
        catch (Exception e) when (e is CliException or OstreeException or IOException or FormatException or UnauthorizedAccessException)
        {
            output.Write("Verification fails\n");
            throw;
        }
        output.Write("Verification OK\n");
        return 0;
    }

    private static byte[] ReadSuperblockArgument(OstreeRepo repo, string argument, StaticDeltaLimits limits)
    {
        string path = argument;
        if (!argument.Contains('/', StringComparison.Ordinal))
        {
            var name = ParseName([argument]);
            path = Path.Combine(StaticDeltaStore.GetDirectory(repo, name), "superblock");
            if (!File.Exists(path))
                throw new CliException($"openat({name.RelativeDirectory}/superblock): No such file or directory");
        }
        else if (Directory.Exists(argument))
        {
            throw new CliException("Is a directory");
        }
        else if (!File.Exists(argument))
        {
            throw new CliException($"openat({argument}): No such file or directory");
        }
        return StaticDeltaApplier.ReadSuperblockBytes(path, limits);
    }

    /// <summary>Trusted keys from the command line (base64 public keys, or secret keys for their public half); the system defaults without any.</summary>
    private static Ed25519TrustStore LoadTrust(IReadOnlyList<string> keys)
    {
        if (keys.Count == 0)
            return Ed25519TrustStore.LoadDefaults();
        var trust = new Ed25519TrustStore();
        foreach (string k in keys)
            trust.AddTrusted(SignHandler.PublicKey(k));
        return trust;
    }

    /// <summary>Checks a signed superblock with <paramref name="trust"/> (ed25519) or, when null, the dummy type's last key.</summary>
    private static void RequireSignature(DeltaSuperblock superblock, Ed25519TrustStore? trust, IReadOnlyList<string> keys)
    {
        string key = trust is null ? DummyKey : SignatureMetadataKeys.Ed25519;
        if (superblock.Signatures?.ContainsKey(key) != true)
            throw new CliException($"no signature for '{key}' in static-delta superblock");
        if (trust is not null)
            RequireEd25519(superblock, trust);
        else
            RequireDummy(superblock, keys[^1]);
    }

    private static void RequireEd25519(DeltaSuperblock superblock, Ed25519TrustStore trust)
    {
        try
        {
            StaticDeltaVerifier.RequireEd25519(superblock, trust);
        }
        catch (SignatureVerificationException e)
        {
            throw new CliException("signature: " + e.Message, e);
        }
    }

    /// <summary>The <c>dummy</c> type: a signature is the key text itself; the last key given is the one checked.</summary>
    private static void RequireDummy(DeltaSuperblock superblock, string key)
    {
        var signatures = StaticDeltaVerifier.GetSignatures(superblock, DummyKey);
        byte[] expected = Encoding.UTF8.GetBytes(key);
        if (!signatures.Any(s => s.AsSpan().SequenceEqual(expected)))
            throw new CliException($"signature: dummy: incorrect signatures found: {signatures.Count}");
    }

    /// <summary>The <c>dummy</c> type's signatures: each key's text (UTF-8), in order.</summary>
    private static MetadataDictionary DummySignatures(IReadOnlyList<string> keys)
    {
        var signatures = new MetadataDictionary();
        signatures.SetByteArrays(DummyKey, keys.Select(k => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(k)));
        return signatures;
    }

    /// <summary>
    /// <c>apply-offline PATH [KEY...]</c>: with keys, a signed superblock must verify (type <c>--sign-type</c>, default
    /// <c>ed25519</c>) before anything is written; like ostree 2022.7, an unsigned superblock is applied unchecked.
    /// </summary>
    private static int ApplyOffline(StaticDeltaCommandOptions options, CancellationToken cancellationToken)
    {
        if (options.Arguments.Count == 0)
            throw new CliException("PATH must be specified");
        string path = options.Arguments[0];
        var keys = options.Arguments.Skip(1).ToList();
        using var repo = RepoOpener.Open(options.Repository);
        string? type = options.SignType ?? (keys.Count > 0 ? Ed25519Type : null);
        if (type is not (null or Ed25519Type or DummyType))
            throw new CliException(SignNotImplemented);
        if (!Directory.Exists(path) && !File.Exists(path))
            throw new CliException("openat(O_DIRECTORY): No such file or directory");
        var limits = StaticDeltaLimits.For(repo.Limits);
        var superblock = StaticDeltaApplier.ReadSuperblock(path, limits);
        var applyOptions = new StaticDeltaApplyOptions { Limits = limits };
        if (keys.Count > 0)
        {
            if (type == DummyType && !DummyEnabled)
                throw new CliException(DummyOnlyForTesting);
            var trust = type == Ed25519Type ? LoadTrust(keys) : null;
            if (superblock.IsSigned)
                RequireSignature(superblock, trust, keys);
        }
        if (superblock.Fallbacks.Count > 0)
            throw new CliException("Cannot execute delta offline: contains nonempty http fallback entries");
        string partsDir = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        new StaticDeltaApplier(repo, applyOptions).Apply(superblock, partsDir, cancellationToken);
        return 0;
    }

    /// <summary>Megabytes as ostree reads them (<c>g_ascii_strtoull</c>: leading digits, else 0) times 10^6.</summary>
    private static ulong? Megabytes(string? text)
    {
        if (text is null)
            return null;
        ulong value = 0;
        foreach (char ch in text.TrimStart())
        {
            if (!char.IsAsciiDigit(ch))
                break;
            value = unchecked(value * 10 + (ulong)(ch - '0'));
        }
        return value * 1_000_000;
    }

    private static int Generate(StaticDeltaCommandOptions options, CommandContext context, CancellationToken cancellationToken)
    {
        if (options.Empty && options.From is not null)
            throw new CliException("Cannot specify both --empty and --from=REV");
        string? toRev = options.To ?? (options.Arguments.Count > 0 ? options.Arguments[0] : null);
        if (toRev is null)
            throw new CliException("TO revision must be specified");
        var endianness = BitConverter.IsLittleEndian ? DeltaEndianness.Little : DeltaEndianness.Big;
        if (options.SetEndianness is { } e)
        {
            endianness = e switch
            {
                "l" => DeltaEndianness.Little,
                "B" => DeltaEndianness.Big,
                _ => throw new CliException($"Invalid endianness '{e}'"),
            };
        }
        if (options.SwapEndianness)
            endianness = BitConverter.IsLittleEndian ? DeltaEndianness.Big : DeltaEndianness.Little;
        using var signing = GenerateSigning.Prepare(options);
        using var repo = RepoOpener.Open(options.Repository);
        var to = RevResolver.Resolve(repo, toRev);
        Checksum? from = null;
        if (options.From is { } fromRev)
        {
            from = RevResolver.Resolve(repo, fromRev);
        }
        else if (!options.Empty)
        {
            from = repo.ReadCommit(to).Parent ?? throw new CliException($"Commit {to} has no parent");
        }
        var name = new StaticDeltaName(from, to);
        if (options.IfNotExists && StaticDeltaStore.Exists(repo, name))
        {
            context.Console.Out.Write($"Delta {name} already exists.\n");
            return 0;
        }
        context.Console.Out.Write($"Generating static delta:\n  From: {(from is { } f ? f.ToString() : "empty")}\n  To:   {to}\n");
        context.Console.Out.Flush();

        var generatorOptions = new StaticDeltaGeneratorOptions
        {
            Inline = options.Inline,
            DisableBsdiff = options.DisableBsdiff,
            LowMemory = options.LowMemory,
            Endianness = endianness,
            Filename = options.Filename,
        };
        signing.Configure(generatorOptions);
        if (Megabytes(options.MinFallbackSize) is { } minFallback)
            generatorOptions.MinFallbackSize = minFallback;
        if (Megabytes(options.MaxBsdiffSize) is { } maxBsdiff)
            generatorOptions.MaxBsdiffSize = maxBsdiff;
        if (Megabytes(options.MaxChunkSize) is { } maxChunk)
            generatorOptions.MaxChunkSize = maxChunk;
        var r = new StaticDeltaGenerator(repo, generatorOptions).Generate(from, to, cancellationToken);

        var err = new StringBuilder();
        err.Append(CultureInfo.InvariantCulture, $"modified: {r.Modified}\n");
        err.Append(CultureInfo.InvariantCulture, $"new reachable: metadata={r.NewMetadata} content regular={r.NewRegularFiles} symlink={r.NewSymlinks}\n");
        err.Append(CultureInfo.InvariantCulture, $"rollsum for {r.RollsumObjects}/{r.Modified} modified\n");
        for (int i = 0; i < r.BsdiffObjects; i++)
            err.Append(CultureInfo.InvariantCulture, $"processing bsdiff: [{i}/{r.BsdiffObjects}]\n");
        for (int i = 0; i < r.Parts.Count; i++)
            err.Append(CultureInfo.InvariantCulture, $"part {i + 1} n:{r.Parts[i].Objects} compressed:{r.Parts[i].Size} uncompressed:{r.Parts[i].UncompressedSize}\n");
        err.Append(CultureInfo.InvariantCulture, $"uncompressed={r.TotalUncompressed} compressed={r.TotalCompressed} loose={r.TotalLoose}\n");
        err.Append(CultureInfo.InvariantCulture, $"rollsum={r.RollsumObjects} objects, {r.RollsumBytes} bytes\n");
        err.Append(CultureInfo.InvariantCulture, $"bsdiff={r.BsdiffObjects} objects\n");
        context.Console.Error.Write(err.ToString());
        return 0;
    }

    /// <summary>
    /// <c>generate --sign=KEY... [--sign-type=NAME]</c>: ed25519 secret keys are loaded before generating. As in
    /// ostree, an unsupported type (or <c>dummy</c> without <c>OSTREE_DUMMY_SIGN_ENABLED=1</c>) fails only when the
    /// superblock is about to be signed: the parts are written, the superblock is not.
    /// </summary>
    private sealed class GenerateSigning : IDisposable
    {
        private readonly List<Ed25519PrivateKey> _keys = [];
        private Func<ReadOnlyMemory<byte>, MetadataDictionary>? _signer;

        public static GenerateSigning Prepare(StaticDeltaCommandOptions options)
        {
            var signing = new GenerateSigning();
            if (options.Sign.Count == 0)
                return signing;
            try
            {
                switch (options.SignType ?? Ed25519Type)
                {
                    case Ed25519Type:
                        foreach (string key in options.Sign)
                            signing._keys.Add(SignHandler.SecretKey(key));
                        break;
                    case DummyType when DummyEnabled:
                        var keys = options.Sign.ToList();
                        signing._signer = _ => DummySignatures(keys);
                        break;
                    case DummyType:
                        signing._signer = _ => throw new CliException(DummyOnlyForTesting);
                        break;
                    default:
                        signing._signer = _ => throw new CliException(SignNotImplemented);
                        break;
                }
                return signing;
            }
            catch
            {
                signing.Dispose();
                throw;
            }
        }

        public void Configure(StaticDeltaGeneratorOptions options)
        {
            foreach (var key in _keys)
                options.Ed25519SigningKeys.Add(key);
            options.Signer = _signer;
        }

        public void Dispose()
        {
            foreach (var key in _keys)
                key.Dispose();
        }
    }
}
