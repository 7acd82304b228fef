using System.Reflection;
using System.Runtime.InteropServices;

namespace Conformance.Interop;

/// <summary>
/// Binds the bindings' library name ("mpamref") to one built reference, by path. One per
/// process: the reference keeps global state, and the engine runs each variant (the patch, the
/// patch with a fix) in its own worker process, which also keeps a crashing variant away from
/// the run. Call <see cref="Use"/> before the first call into <see cref="Methods"/>; without it,
/// the environment variable MPAM_REF_LIB names the library.
/// </summary>
public static class MpamRefLibrary
{
    public const string Name = "mpamref";
    public const string EnvironmentVariable = "MPAM_REF_LIB";

    private static readonly object Gate = new();
    private static string? _path;
    private static IntPtr _handle;

    static MpamRefLibrary() =>
        NativeLibrary.SetDllImportResolver(typeof(Methods).Assembly, Resolve);

    /// <summary>The library this process is bound to, if one was chosen yet.</summary>
    public static string? Path => _path;

    /// <summary>Binds "mpamref" to <paramref name="libraryPath"/>; the same path again is a no-op, another one throws.</summary>
    public static void Use(string libraryPath)
    {
        var full = System.IO.Path.GetFullPath(libraryPath);
        lock (Gate)
        {
            if (_path is not null && _path != full)
                throw new InvalidOperationException(
                    $"this process is bound to {_path}; a second reference ({full}) needs its own worker process");
            if (!File.Exists(full))
                throw new FileNotFoundException($"{full}: no such reference library", full);
            _path = full;
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Name)
            return IntPtr.Zero;
        lock (Gate)
        {
            if (_handle != IntPtr.Zero)
                return _handle;
            if (_path is null && Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
                Use(fromEnvironment);
            if (_path is null)
                throw new DllNotFoundException(
                    $"no reference library chosen: call MpamRefLibrary.Use(path) or set {EnvironmentVariable} (./build.sh builds one under build/ref/)");
            _handle = NativeLibrary.Load(_path);
            return _handle;
        }
    }
}
