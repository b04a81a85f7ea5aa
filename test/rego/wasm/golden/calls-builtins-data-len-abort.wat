;; calls, builtins, data, len, abort
(func $__gpc_init (local i32×1)
  i32.const 1144
  call $rt_reserve
  drop
  i32.const 1052
  i32.const 0
  i32.const 89
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1102
  i32.const 1
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 0
  i32.const 1103
  i32.const 3
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1036
  i32.const 0
  i32.const 1106
  i32.const 5
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1040
  i32.const 0
  i32.const 1111
  i32.const 6
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1044
  i32.const 0
  i32.const 1117
  i32.const 4
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1048
  i32.const 1121
  i32.const 20
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1071
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      block
        local.get 0
        br_table 0 1 2
      end
      local.get 1
      local.get 2
      call $t.r
      return
    end
    local.get 1
    local.get 2
    call $t.boom
    return
  end
  i32.const 0
)
(func $t.add (param i32 i32 i32 i32) (result i32) (local i32×1)
  block
    local.get 2
    local.get 3
    call $bi_plus
    local.tee 4
    i32.eqz
    br_if 0
  end
  local.get 4
)
(func $t.r (param i32 i32) (result i32) (local i32×5)
  block
    local.get 0
    i32.const 0
    i32.load offset=1036
    call $rt_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 0
    local.get 1
    i32.const 0
    i32.load offset=1032
    local.get 3
    call $t.add
    local.tee 4
    i32.eqz
    br_if 0
    local.get 1
    i32.const 0
    i32.load offset=1040
    call $rt_dot
    local.tee 5
    i32.eqz
    br_if 0
    local.get 5
    call $rt_len
    local.tee 6
    i32.eqz
    br_if 0
    local.get 6
    local.set 5
    call $rt_make_array
    local.set 2
    local.get 2
    local.get 4
    call $rt_array_append
    i32.eqz
    br_if 0
    local.get 2
    local.get 5
    call $rt_array_append
    i32.eqz
    br_if 0
  end
  local.get 2
)
(func $t.boom (param i32 i32) (result i32) (local i32×2)
  block
    local.get 0
    i32.const 0
    i32.load offset=1044
    call $rt_dot
    local.tee 3
    i32.eqz
    br_if 0
    i32.const 1052
    call $rt_abort
    drop
    unreachable
    i32.const 0
    i32.load offset=1048
    local.set 2
  end
  local.get 2
)
