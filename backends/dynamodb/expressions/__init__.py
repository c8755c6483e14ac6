"""DynamoDB's expression language: one tokenizer and parser, and the evaluators."""
