using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace SutazAI.Agents.Chat.Data.Migrations
{
    /// <inheritdoc />
    public partial class Owners : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Owner",
                table: "chat_sessions",
                type: "character varying(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "bootstrap");

            migrationBuilder.CreateIndex(
                name: "IX_chat_sessions_Owner_UpdatedAt",
                table: "chat_sessions",
                columns: new[] { "Owner", "UpdatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_chat_sessions_Owner_UpdatedAt",
                table: "chat_sessions");

            migrationBuilder.DropColumn(
                name: "Owner",
                table: "chat_sessions");
        }
    }
}
