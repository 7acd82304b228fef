namespace Conformance.Observation;

/// <summary>
/// Errno names and the kernel's (asm-generic) values, whatever the host libc says.
/// Includes the kernel-internal codes above 511 that a driver can return.
/// </summary>
public static class Errno
{
    private static readonly (string Name, int Value)[] Table =
    [
        ("EPERM", 1), ("ENOENT", 2), ("ESRCH", 3), ("EINTR", 4), ("EIO", 5), ("ENXIO", 6), ("E2BIG", 7),
        ("ENOEXEC", 8), ("EBADF", 9), ("ECHILD", 10), ("EAGAIN", 11), ("ENOMEM", 12), ("EACCES", 13),
        ("EFAULT", 14), ("ENOTBLK", 15), ("EBUSY", 16), ("EEXIST", 17), ("EXDEV", 18), ("ENODEV", 19),
        ("ENOTDIR", 20), ("EISDIR", 21), ("EINVAL", 22), ("ENFILE", 23), ("EMFILE", 24), ("ENOTTY", 25),
        ("ETXTBSY", 26), ("EFBIG", 27), ("ENOSPC", 28), ("ESPIPE", 29), ("EROFS", 30), ("EMLINK", 31),
        ("EPIPE", 32), ("EDOM", 33), ("ERANGE", 34), ("EDEADLK", 35), ("ENAMETOOLONG", 36), ("ENOLCK", 37),
        ("ENOSYS", 38), ("ENOTEMPTY", 39), ("ELOOP", 40), ("ENOMSG", 42), ("EIDRM", 43), ("ENODATA", 61),
        ("ETIME", 62), ("EOVERFLOW", 75), ("EILSEQ", 84), ("EOPNOTSUPP", 95), ("EADDRINUSE", 98),
        ("ENOBUFS", 105), ("ETIMEDOUT", 110), ("EALREADY", 114), ("EINPROGRESS", 115), ("ECANCELED", 125),
        ("ERESTARTSYS", 512), ("EPROBE_DEFER", 517), ("ENOTSUPP", 524),
    ];

    public const int EPERM = 1, ENOENT = 2, EIO = 5, ENOMEM = 12, EFAULT = 14, EBUSY = 16, EEXIST = 17,
        ENODEV = 19, EINVAL = 22, ENOSPC = 28, EOPNOTSUPP = 95;

    /// <summary>The name of a positive errno value, or null.</summary>
    public static string? NameOf(int value)
    {
        foreach (var (name, v) in Table)
            if (v == value)
                return name;
        return null;
    }

    /// <summary>The value of a name such as <c>EINVAL</c> (no sign).</summary>
    public static bool TryParse(string name, out int value)
    {
        foreach (var (n, v) in Table)
            if (string.Equals(n, name, StringComparison.Ordinal))
            {
                value = v;
                return true;
            }
        value = 0;
        return false;
    }

    public static IEnumerable<string> Names => Table.Select(e => e.Name);
}
