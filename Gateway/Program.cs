using SutazAI.Gateway;
using SutazAI.Gateway.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddGatewayServices();

var app = builder.Build();

app.UseRequestLogging();
app.UseSutazAIProblemDetails();
app.UseGatewayGuards();

app.MapDefaultEndpoints();
app.MapStatusApi();
app.MapReverseProxy();

app.Run();
