;; non-JSON constants
(func $__gpc_init (local i32×4)
  i32.const 1112
  call $rt_reserve
  drop
  i32.const 1048
  i32.const 0
  i32.const 58
  memory.init 1
  data.drop 1
  i32.const 0
  call $rt_make_set
  local.set 0
  local.get 0
  i32.const 1079
  i32.const 3
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_set_add
  drop
  local.get 0
  i32.const 1082
  i32.const 3
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_set_add
  drop
  local.get 0
  call $rt_make_array
  local.set 1
  local.get 1
  call $rt_make_set
  local.set 2
  local.get 2
  i32.const 1085
  i32.const 1
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_set_add
  drop
  local.get 2
  call $rt_array_append
  drop
  local.get 1
  call $rt_set_add
  drop
  local.get 0
  i32.store offset=1032
  i32.const 0
  call $rt_make_object
  local.set 0
  local.get 0
  i32.const 1086
  i32.const 3
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_make_set
  local.set 1
  local.get 1
  call $rt_object_insert
  drop
  local.get 0
  i32.const 1089
  i32.const 3
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_make_object
  local.set 1
  local.get 1
  i32.const 1085
  i32.const 1
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  i32.const 1092
  i32.const 5
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_object_insert
  drop
  local.get 1
  call $rt_object_insert
  drop
  local.get 0
  i32.store offset=1036
  i32.const 0
  i32.const 1085
  i32.const 1
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  i32.store offset=1040
  i32.const 0
  i32.const 1089
  i32.const 3
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  i32.store offset=1044
  i32.const 1097
  i32.const 9
  call $rt_json_parse
  local.tee 3
  i32.eqz
  if
    i32.const 1048
    call $rt_abort
    drop
    unreachable
  end
  local.get 3
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.k
    return
  end
  i32.const 0
)
(func $t.k (param i32 i32) (result i32) (local i32×4)
  block
    i32.const 0
    i32.load offset=1036
    i32.const 0
    i32.load offset=1044
    call $rt_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 3
    i32.const 0
    i32.load offset=1040
    call $rt_dot
    local.tee 4
    i32.eqz
    br_if 0
    call $rt_make_array
    local.set 2
    local.get 2
    i32.const 0
    i32.load offset=1032
    call $rt_array_append
    i32.eqz
    br_if 0
    local.get 2
    local.get 4
    call $rt_array_append
    i32.eqz
    br_if 0
    i32.const 0
    i32.load offset=1032
    call $rt_len
    local.tee 5
    i32.eqz
    br_if 0
    local.get 5
    local.set 3
    local.get 2
    local.get 3
    call $rt_array_append
    i32.eqz
    br_if 0
  end
  local.get 2
)
