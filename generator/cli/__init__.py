"""The modelcard command: parser, commands, generated docs."""
