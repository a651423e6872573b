namespace SutazAI.Testing;

/// <summary>
/// Reads the few fields of an OTLP <c>ExportTraceServiceRequest</c> the tests need, straight from the protobuf
/// wire format (ids, names, kinds, parent links, string attributes, the resource's service name).
/// </summary>
internal static class OtlpTraceDecoder
{
    public static IEnumerable<ReceivedSpan> Decode(byte[] request)
    {
        foreach (var (field, resourceSpans) in Fields(request))
        {
            if (field != 1)
            {
                continue;
            }

            var service = "unknown";
            var scopeSpans = new List<byte[]>();
            foreach (var (f, value) in Fields(resourceSpans))
            {
                if (f == 1)
                {
                    var attributes = Attributes(value, attributeField: 1);
                    service = attributes.GetValueOrDefault("service.name", service);
                }
                else if (f == 2)
                {
                    scopeSpans.Add(value);
                }
            }

            foreach (var scope in scopeSpans)
            {
                foreach (var (f, span) in Fields(scope))
                {
                    if (f == 2)
                    {
                        yield return Span(span, service);
                    }
                }
            }
        }
    }

    private static ReceivedSpan Span(byte[] span, string service)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        var kind = 0;
        foreach (var (field, value, number) in FieldsWithVarints(span))
        {
            switch (field)
            {
                case 1: traceId = Convert.ToHexStringLower(value!); break;
                case 2: spanId = Convert.ToHexStringLower(value!); break;
                case 4: parent = Convert.ToHexStringLower(value!); break;
                case 5: name = System.Text.Encoding.UTF8.GetString(value!); break;
                case 6: kind = (int)number; break;
            }
        }

        return new ReceivedSpan(traceId, spanId, parent, name, kind, service, Attributes(span, attributeField: 9));
    }

    /// <summary>KeyValue messages in <paramref name="attributeField"/>, string, bool and int values as text.</summary>
    private static Dictionary<string, string> Attributes(byte[] message, int attributeField)
    {
        var attributes = new Dictionary<string, string>();
        foreach (var (field, keyValue) in Fields(message))
        {
            if (field != attributeField)
            {
                continue;
            }

            string? key = null, text = null;
            foreach (var (f, value) in Fields(keyValue))
            {
                if (f == 1)
                {
                    key = System.Text.Encoding.UTF8.GetString(value);
                }
                else if (f == 2)
                {
                    foreach (var (anyField, anyValue, number) in FieldsWithVarints(value))
                    {
                        text = anyField switch
                        {
                            1 => System.Text.Encoding.UTF8.GetString(anyValue!),
                            2 => (number != 0).ToString(),
                            3 => ((long)number).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            _ => text,
                        };
                    }
                }
            }

            if (key is not null)
            {
                attributes[key] = text ?? "";
            }
        }

        return attributes;
    }

    /// <summary>The length-delimited fields of a message (nested messages, strings, bytes).</summary>
    private static IEnumerable<(int Field, byte[] Value)> Fields(byte[] message) =>
        FieldsWithVarints(message).Where(f => f.Value is not null).Select(f => (f.Field, f.Value!));

    private static IEnumerable<(int Field, byte[]? Value, ulong Number)> FieldsWithVarints(byte[] message)
    {
        var position = 0;
        while (position < message.Length)
        {
            var tag = ReadVarint(message, ref position);
            var field = (int)(tag >> 3);
            switch ((int)(tag & 7))
            {
                case 0:
                    yield return (field, null, ReadVarint(message, ref position));
                    break;
                case 1:
                    yield return (field, null, BitConverter.ToUInt64(message, position));
                    position += 8;
                    break;
                case 2:
                    var length = (int)ReadVarint(message, ref position);
                    yield return (field, message[position..(position + length)], 0);
                    position += length;
                    break;
                case 5:
                    yield return (field, null, BitConverter.ToUInt32(message, position));
                    position += 4;
                    break;
                default:
                    throw new InvalidDataException($"Unsupported protobuf wire type in tag {tag}.");
            }
        }
    }

    private static ulong ReadVarint(byte[] buffer, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = buffer[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
    }
}
