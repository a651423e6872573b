using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Gateway.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyPriority : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Priority",
                table: "api_keys",
                type: "integer",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Priority",
                table: "api_keys");
        }
    }
}
