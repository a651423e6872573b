namespace SutazAI.Testing;

/// <summary>A C# file with one of each defect the reviewer must find.</summary>
public static class PlantedDefects
{
    public const string Code = """
        using System;
        using System.Threading.Tasks;

        public class OrderProcessor
        {
            public async void FireAndForget()
            {
                await Task.Delay(1);
            }

            public void Save(string path)
            {
                try
                {
                    System.IO.File.WriteAllText(path, "x");
                }
                catch (Exception)
                {
                }
            }

            public int Total(int[] values)
            {
                var forgotten = 42;
                var sum = 0;
                foreach (var v in values)
                {
                    sum += v;
                }

                return sum;
            }

            public string Classify(int a, int b, int c)
            {
                if (a > 0 && b > 0) { return "x"; }
                if (a < 0 || b < 0) { return "y"; }
                if (c == 1) { return "c1"; }
                if (c == 2) { return "c2"; }
                if (c == 3) { return "c3"; }
                for (var i = 0; i < a; i++) { if (i == b) { return "loop"; } }
                while (b > 100) { b--; }
                return c switch { 4 => "four", 5 => "five", _ => a > b ? "gt" : "le" };
            }
        }
        """;
}
