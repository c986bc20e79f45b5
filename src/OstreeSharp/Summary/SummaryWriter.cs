using System.Text;
using OstreeSharp.GVariant;
using OstreeSharp.Objects;
using OstreeSharp.Repository;

namespace OstreeSharp.Summary;

/// <summary>
/// Generates, writes and reads a repository's <c>summary</c> (and <c>summary.sig</c>) as libostree 2022.7 does
/// (spec §6). <see cref="Update"/> is <c>ostree summary -u</c>.
/// </summary>
public static class SummaryWriter
{
    /// <summary>The summary file name in the repository root.</summary>
    public const string SummaryFileName = "summary";

    /// <summary>The signature file name in the repository root.</summary>
    public const string SignatureFileName = "summary.sig";

    /// <summary>
    /// Regenerates the summary like <c>ostree summary -u</c>: in a repository with a collection ID, first commits a
    /// new <c>ostree-metadata</c> commit (empty tree, the user metadata plus collection and ref bindings, parented
    /// on the previous one); rewrites the delta indexes; sets <c>core.indexed-deltas=true</c>; writes the summary
    /// atomically; then writes <c>summary.sig</c> through <see cref="SummaryOptions.Signer"/> or removes a stale one.
    /// </summary>
    /// <returns>The summary written.</returns>
    public static RepoSummary Update(OstreeRepo repo, SummaryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        options ??= new SummaryOptions();
        var now = options.Timestamp ?? DateTimeOffset.UtcNow;
        if (repo.CollectionId is { } collectionId)
            WriteMetadataCommit(repo, collectionId, options.AdditionalMetadata, (ulong)now.ToUnixTimeSeconds());

        using var _ = repo.Lock(RepoLockMode.Shared);
        var deltas = StaticDeltaIndex.Scan(repo);
        StaticDeltaIndex.UpdateIndexes(repo, deltas);
        if (repo.Config.GetString("core", "indexed-deltas") != "true")
        {
            repo.Config.SetValue("core", "indexed-deltas", "true");
            repo.SaveConfig();
        }
        var summary = Build(repo, options, deltas);
        byte[] bytes = summary.Serialize();
        AtomicFile.WriteAllBytes(Path.Combine(repo.Path, SummaryFileName), bytes, repo.FsyncEnabled);
        if (options.Signer is { } signer)
            WriteSignatures(repo, signer(bytes));
        else
            File.Delete(Path.Combine(repo.Path, SignatureFileName));
        return summary;
    }

    /// <summary>
    /// Builds the summary of the repository's current refs without writing anything (no metadata commit, no delta
    /// index update). <paramref name="deltas"/> defaults to <see cref="StaticDeltaIndex.Scan"/>.
    /// </summary>
    public static RepoSummary Build(OstreeRepo repo, SummaryOptions? options = null, IReadOnlyDictionary<string, Checksum>? deltas = null)
    {
        ArgumentNullException.ThrowIfNull(repo);
        options ??= new SummaryOptions();
        deltas ??= StaticDeltaIndex.Scan(repo);
        var now = options.Timestamp ?? DateTimeOffset.UtcNow;

        var refs = repo.ListRefs(kinds: RefKinds.Local).Select(kv => CreateRef(repo, kv.Key, kv.Value)).ToList();
        var others = new SortedDictionary<string, List<SummaryRef>>(StringComparer.Ordinal);
        foreach (var ((coll, name), checksum) in repo.ListCollectionRefs())
        {
            if (coll == repo.CollectionId)
                continue;
            if (!others.TryGetValue(coll, out var list))
                others[coll] = list = [];
            list.Add(CreateRef(repo, name, checksum));
        }

        var insertions = new List<MetadataEntry>(options.AdditionalMetadata);
        insertions.Add(new(SummaryKeys.LastModified, GVariantType.UInt64, RepoSummary.BigEndianUInt64((ulong)now.ToUnixTimeSeconds())));
        insertions.Add(new(SummaryKeys.Mode, GVariantType.String, SerializeString(repo.Mode.ToConfigString())));
        insertions.Add(new(SummaryKeys.TombstoneCommits, GVariantType.Boolean, new byte[] { (byte)(repo.Config.GetString("core", "tombstone-commits") == "true" ? 1 : 0) }));
        insertions.Add(new(SummaryKeys.IndexedDeltas, GVariantType.Boolean, new byte[] { 1 }));
        if (deltas.Count > 0 && repo.Config.GetString("core", "no-deltas-in-summary") != "true")
        {
            insertions.Add(new(SummaryKeys.StaticDeltas, GVariantType.VarDict, StaticDeltaIndex.OrderDeltaMap(deltas).Serialize()));
        }
        if (repo.CollectionId is { } own)
            insertions.Add(new(SummaryKeys.CollectionId, GVariantType.String, SerializeString(own)));
        if (others.Count > 0)
            insertions.Add(new(SummaryKeys.CollectionMap, RepoSummary.CollectionMapType, SerializeCollectionMap(others)));
        return new RepoSummary(refs, GVariantDictOrder.Order(insertions));
    }

    /// <summary>Reads the repository's <c>summary</c>, or null when there is none.</summary>
    /// <exception cref="OstreeDataException">The file is not a summary.</exception>
    public static RepoSummary? Read(OstreeRepo repo)
    {
        ArgumentNullException.ThrowIfNull(repo);
        string path = Path.Combine(repo.Path, SummaryFileName);
        return File.Exists(path) ? RepoSummary.Load(path) : null;
    }

    /// <summary>
    /// Writes <c>summary.sig</c> (an <c>a{sv}</c> of signature blobs over the exact summary bytes, spec §6.2)
    /// atomically. Signers produce <paramref name="signatures"/>; this method only stores them.
    /// </summary>
    public static void WriteSignatures(OstreeRepo repo, MetadataDictionary signatures)
    {
        ArgumentNullException.ThrowIfNull(repo);
        ArgumentNullException.ThrowIfNull(signatures);
        AtomicFile.WriteAllBytes(Path.Combine(repo.Path, SignatureFileName), signatures.Serialize(), repo.FsyncEnabled);
    }

    /// <summary>The summary entry of one ref: commit size and checksum, version and timestamp.</summary>
    public static SummaryRef CreateRef(OstreeRepo repo, string name, Checksum checksum)
    {
        ArgumentNullException.ThrowIfNull(repo);
        byte[] bytes = repo.ReadMetadataBytes(checksum, ObjectType.Commit);
        var commit = CommitObject.Parse(bytes);
        var insertions = new List<MetadataEntry>(2);
        if (commit.Metadata.TryGetString("version", out var version))
            insertions.Add(new(SummaryKeys.CommitVersion, GVariantType.String, SerializeString(version)));
        insertions.Add(new(SummaryKeys.CommitTimestamp, GVariantType.UInt64, RepoSummary.BigEndianUInt64(commit.Timestamp)));
        return new SummaryRef(name, (ulong)bytes.Length, checksum, GVariantDictOrder.Order(insertions));
    }

    private static byte[] SerializeString(string s) => GVariantWriter.Serialize(GVariantType.String, w => w.WriteString(s));

    private static byte[] SerializeCollectionMap(SortedDictionary<string, List<SummaryRef>> map) =>
        GVariantWriter.Serialize(RepoSummary.CollectionMapType, w =>
        {
            w.StartArray();
            foreach (var (coll, refs) in map)
            {
                w.StartDictEntry();
                w.WriteString(coll);
                RepoSummary.WriteRefs(w, refs);
                w.EndDictEntry();
            }
            w.EndArray();
        });

    private static void WriteMetadataCommit(OstreeRepo repo, string collectionId, MetadataDictionary userMetadata, ulong timestamp)
    {
        var insertions = new List<MetadataEntry>(userMetadata)
        {
            new("ostree.collection-binding", GVariantType.String, SerializeString(collectionId)),
            new("ostree.ref-binding", GVariantType.StringArray, GVariantWriter.Serialize(GVariantType.StringArray, w =>
            {
                w.StartArray();
                w.WriteString(SummaryKeys.MetadataRef);
                w.EndArray();
            })),
        };
        var metadata = GVariantDictOrder.Order(insertions);
        Checksum? parent = repo.TryReadRef(null, SummaryKeys.MetadataRef, out var p) ? p : null;
        using var tx = repo.BeginTransaction();
        var tree = tx.WriteMetadata(ObjectType.DirTree, DirTreeObject.Empty.RawBytes.Span);
        var meta = tx.WriteMetadata(ObjectType.DirMeta, DirMetaObject.Default.RawBytes.Span);
        var commit = CommitObject.Create(metadata, parent, "", "", timestamp, tree, meta);
        var checksum = tx.WriteMetadata(ObjectType.Commit, commit.RawBytes.Span);
        tx.SetRef(null, SummaryKeys.MetadataRef, checksum);
        tx.Commit();
    }
}
