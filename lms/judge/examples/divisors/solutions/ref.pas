var
  n, i, count: int64;
begin
  readln(n);
  count := 0;
  i := 1;
  while i * i <= n do
  begin
    if n mod i = 0 then
      if i * i = n then inc(count) else inc(count, 2);
    inc(i);
  end;
  writeln(count);
end.
