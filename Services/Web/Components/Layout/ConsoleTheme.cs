using MudBlazor;

namespace SutazAI.Web.Components.Layout;

/// <summary>The console's colours: MudBlazor's defaults with text and accents dark or light enough for WCAG AA contrast.</summary>
public static class ConsoleTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#3f51b5",
            Secondary = "#c2185b",
            AppbarBackground = "#303f9f",
            TextSecondary = "rgba(0,0,0,0.68)",
            Success = "#2e7d32",
            Info = "#0b6db3",
            Warning = "#a15c00",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#9fa8ff",
            Secondary = "#ff80ab",
            Success = "#66bb6a",
            Info = "#4fc3f7",
            Warning = "#ffb74d",
            Error = "#ff8a80",
            TextSecondary = "rgba(255,255,255,0.75)",
            // Light accents carry dark text: white on them fails AA.
            PrimaryContrastText = "#111111",
            SecondaryContrastText = "#111111",
            SuccessContrastText = "#111111",
            InfoContrastText = "#111111",
            WarningContrastText = "#111111",
            ErrorContrastText = "#111111",
        },
    };
}
