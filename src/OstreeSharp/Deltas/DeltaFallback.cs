using OstreeSharp.Objects;

namespace OstreeSharp.Deltas;

/// <summary>
/// An object a delta does not carry: the client fetches it as a plain loose object (spec §8.2, <c>(yaytt)</c>).
/// </summary>
/// <param name="Object">The object (a content object in practice).</param>
/// <param name="CompressedSize">Its stored (<c>.filez</c>) size in the source repository.</param>
/// <param name="UncompressedSize">Its content size.</param>
public readonly record struct DeltaFallback(ObjectName Object, ulong CompressedSize, ulong UncompressedSize);
