namespace OstreeSharp.Deltas;

/// <summary>The operations of a delta part's bytecode (spec §8.4); arguments are LEB128 varints.</summary>
public enum DeltaOpcode : byte
{
    /// <summary><c>S</c>: write a whole object from the blob (metadata: len, offset; content: mode, xattrs, len, offset).</summary>
    OpenSpliceAndClose = (byte)'S',

    /// <summary><c>o</c>: start a content object (mode, xattrs, size).</summary>
    Open = (byte)'o',

    /// <summary><c>w</c>: append (len, offset) from the read source, or from the blob when none is set.</summary>
    Write = (byte)'w',

    /// <summary><c>r</c>: read from the existing content object whose checksum is at blob[offset..+32].</summary>
    SetReadSource = (byte)'r',

    /// <summary><c>R</c>: read from the blob again.</summary>
    UnsetReadSource = (byte)'R',

    /// <summary><c>c</c>: finish and verify the open object.</summary>
    Close = (byte)'c',

    /// <summary><c>B</c>: apply the bsdiff patch at blob (offset, len) to the read source.</summary>
    Bspatch = (byte)'B',
}
