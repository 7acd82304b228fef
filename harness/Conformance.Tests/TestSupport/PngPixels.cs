using System.Buffers.Binary;
using System.IO.Compression;

namespace Conformance.Tests.TestSupport;

/// <summary>
/// Just enough of a PNG decoder to look at a screenshot's pixels: 8-bit RGB or RGBA,
/// non-interlaced (what Chromium writes), all five row filters.
/// </summary>
internal sealed class PngPixels
{
    private readonly byte[] _rgba;

    private PngPixels(int width, int height, byte[] rgba) { Width = width; Height = height; _rgba = rgba; }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get { var i = (y * Width + x) * 4; return (_rgba[i], _rgba[i + 1], _rgba[i + 2]); }
    }

    /// <summary>How many pixels are within <paramref name="tolerance"/> of the colour on every channel.</summary>
    public int Count(byte r, byte g, byte b, int tolerance = 6)
    {
        int n = 0;
        for (int i = 0; i < _rgba.Length; i += 4)
            if (Math.Abs(_rgba[i] - r) <= tolerance && Math.Abs(_rgba[i + 1] - g) <= tolerance && Math.Abs(_rgba[i + 2] - b) <= tolerance)
                n++;
        return n;
    }

    public static PngPixels Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (!bytes.AsSpan(0, 8).SequenceEqual(new byte[] { 137, 80, 78, 71, 13, 10, 26, 10 }))
            throw new InvalidDataException($"{path} is not a PNG");
        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        for (int pos = 8; pos < bytes.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(pos));
            var type = System.Text.Encoding.ASCII.GetString(bytes, pos + 4, 4);
            var data = bytes.AsSpan(pos + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                if (data[8] != 8 || data[12] != 0)
                    throw new InvalidDataException("only 8-bit non-interlaced PNGs");
                channels = data[9] switch { 2 => 3, 6 => 4, _ => throw new InvalidDataException($"colour type {data[9]}") };
            }
            else if (type == "IDAT")
                idat.Write(data);
            pos += 12 + length;
        }
        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
            z.CopyTo(inflated);
        var raw = inflated.ToArray();
        int stride = width * channels;
        var rows = new byte[height * stride];
        for (int y = 0; y < height; y++)
        {
            int filter = raw[y * (stride + 1)];
            var src = raw.AsSpan(y * (stride + 1) + 1, stride);
            var dst = rows.AsSpan(y * stride, stride);
            var up = y > 0 ? rows.AsSpan((y - 1) * stride, stride) : new byte[stride];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? dst[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
                dst[i] = (byte)(src[i] + filter switch
                {
                    0 => 0,
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => throw new InvalidDataException($"filter {filter}"),
                });
            }
        }
        var rgba = new byte[width * height * 4];
        for (int p = 0; p < width * height; p++)
        {
            rgba[p * 4] = rows[p * channels];
            rgba[p * 4 + 1] = rows[p * channels + 1];
            rgba[p * 4 + 2] = rows[p * channels + 2];
            rgba[p * 4 + 3] = channels == 4 ? rows[p * channels + 3] : (byte)255;
        }
        return new PngPixels(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
