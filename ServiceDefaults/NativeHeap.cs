using System.Runtime.InteropServices;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The C library's heap (glibc's malloc, which the runtime, Kestrel's native parts, ONNX Runtime and every P/Invoke
/// use). glibc keeps freed blocks for reuse in per-thread arenas and returns them to the machine only from the top of
/// the main heap, so a quiet service keeps every page its busiest moment freed. <c>malloc_trim(0)</c> gives back the
/// free pages of all arenas. Elsewhere (musl, macOS, Windows) there is no such call and nothing is done.
/// </summary>
internal static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Returns the native heap's free pages to the machine: true when some went back, false when none were free
    /// or the C library has no such call.</summary>
    public static bool Trim()
    {
        if (_unavailable)
        {
            return false;
        }

        try
        {
            return MallocTrim(0) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
            return false;
        }
    }

    // DllImport, not LibraryImport: the call passes one integer, nothing to marshal, and needs no unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
