using OstreeSharp.Compression;

// xz-encode PRESET THREADS INPUT OUTPUT: compresses INPUT like `xz -PRESET -TTHREADS -c INPUT > OUTPUT` (streaming,
// default block size of three dictionaries when THREADS > 1, as xz does).
if (args.Length != 4)
{
    Console.Error.WriteLine("usage: xz-encode PRESET THREADS INPUT OUTPUT");
    return 2;
}

var options = new XzEncoderOptions { Preset = int.Parse(args[0]), MaxDegreeOfParallelism = int.Parse(args[1]) };
using (var input = new FileStream(args[2], FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20))
using (var output = new FileStream(args[3], FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
using (var encoder = new XzEncoderStream(output, options))
{
    // Not Xz.Compress(Stream, Stream): that would size the dictionary from the known length, which xz does not do.
    input.CopyTo(encoder, 1 << 20);
}

return 0;
