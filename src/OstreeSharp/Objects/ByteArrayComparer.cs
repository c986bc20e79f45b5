namespace OstreeSharp.Objects;

/// <summary>Orders byte arrays like C's <c>strcmp</c>/<c>memcmp</c> (unsigned bytes, shorter prefix first).</summary>
internal sealed class ByteArrayComparer : IComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
