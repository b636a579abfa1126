var
  n: int64;
begin
  assign(input, 'input.txt'); reset(input);
  assign(output, 'output.txt'); rewrite(output);
  readln(n);
  writeln(n div 2, ' ', n - n div 2);
end.
